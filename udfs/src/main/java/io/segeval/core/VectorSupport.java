package io.segeval.core;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.ManagementFactory;
import java.lang.reflect.Constructor;
import java.util.Locale;

/**
 * Decides, once per JVM, whether the kernels use the JDK Vector API ({@code jdk.incubator.vector})
 * or their plain scalar loops. Both paths compute the same formulas; the vector one only runs
 * several pixels per instruction (with exp/log from {@link VectorExp} or the JDK's SVML library).
 *
 * <p>The choice is the system property {@value #PROPERTY}: {@code auto} (default) uses vectors
 * when the module is in the boot layer (the JVM was started with
 * {@code --add-modules=jdk.incubator.vector}, as Spark's own flag list does) and the CPU has
 * vectors of at least 4 doubles and fused multiply-add ({@link VectorExp}'s polynomials are
 * chains of it; HotSpot's {@code UseFMA}, true on every x86 CPU with AVX2 and on ARMv8);
 * {@code scalar} forces the scalar loops; {@code vector} uses
 * vectors whenever the module is there. No class of the vector module is loaded unless the
 * module is present, so SegEval runs on a JVM without it.
 */
public final class VectorSupport {
  /** The system property that selects the kernels: auto | scalar | vector. */
  public static final String PROPERTY = "segeval.kernels";
  private static final String MODULE = "jdk.incubator.vector";
  /** Fewer lanes than this (e.g. SSE only) is not worth the Vector API on "auto". */
  private static final int MIN_AUTO_LANES = 4;

  private static final int LANES = probeLanes();
  private static final boolean HARDWARE_FMA = probeFma();
  private static final boolean ENABLED = decide(System.getProperty(PROPERTY, "auto"));

  private VectorSupport() {}

  /** True if the kernels chosen now should be the vector ones. */
  public static boolean enabled() {
    return ENABLED;
  }

  /** True if the vector module is present, whatever the property says (tests run both paths). */
  public static boolean available() {
    return LANES > 0;
  }

  /** A short description for logs and benchmarks, e.g. "vector (8 doubles)" or "scalar". */
  public static String describe() {
    return ENABLED ? "vector (" + LANES + " doubles)" : "scalar";
  }

  private static boolean decide(String choice) {
    switch (choice.trim().toLowerCase(Locale.ROOT)) {
      case "scalar":
        return false;
      case "vector":
        return LANES > 0;
      case "auto":
      case "":
        return LANES >= MIN_AUTO_LANES && HARDWARE_FMA;
      default:
        throw new IllegalArgumentException(
            "-D" + PROPERTY + " must be auto, scalar or vector, got '" + choice + "'");
    }
  }

  private static int probeLanes() {
    if (ModuleLayer.boot().findModule(MODULE).isEmpty()) {
      return 0;
    }
    try {
      // Loaded by name so that this class never links against the module.
      return (Integer) Class.forName("io.segeval.core.VectorLanes").getMethod("preferred").invoke(null);
    } catch (ReflectiveOperationException | LinkageError e) {
      return 0;
    }
  }

  /**
   * True unless HotSpot says the CPU has no fused multiply-add: without it a vector FMA is
   * emulated lane by lane, far slower than the scalar kernels. A JVM that does not know the
   * option (not HotSpot) is trusted to have it.
   */
  private static boolean probeFma() {
    try {
      return !"false".equals(ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class)
          .getVMOption("UseFMA").getValue());
    } catch (RuntimeException | LinkageError e) {
      return true;
    }
  }

  /** As {@link #newVectorKernel(String, Class, Class, Object)} for a class with a no-argument constructor. */
  public static <T> T newVectorKernel(String className, Class<T> type) {
    return newVectorKernel(className, type, null, null);
  }

  /**
   * A new instance of the vector implementation {@code className} (a class that uses the vector
   * module, with a constructor taking one {@code argType}), as a {@code type}. Call only when
   * {@link #available()}; the kernels' choosers call it when {@link #enabled()}.
   */
  public static <T> T newVectorKernel(String className, Class<T> type, Class<?> argType, Object arg) {
    if (!available()) {
      throw new IllegalStateException(MODULE + " is not in this JVM (start it with --add-modules=" + MODULE + ")");
    }
    try {
      Class<?> c = Class.forName(className);
      Constructor<?> constructor = argType == null ? c.getDeclaredConstructor() : c.getDeclaredConstructor(argType);
      constructor.setAccessible(true);
      return type.cast(argType == null ? constructor.newInstance() : constructor.newInstance(arg));
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot create " + className, e);
    }
  }
}
