package io.segeval.jobs;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.config.Property;

/**
 * The log events of some loggers while it is open, down to a level (the tests' log4j2 configuration
 * keeps Spark at ERROR): {@code try (LogCapture log = LogCapture.of(Level.WARN, "org.apache.spark")) {...}}.
 * The loggers' levels and appenders are put back on close.
 */
public final class LogCapture implements AutoCloseable {
  private final List<String> lines = Collections.synchronizedList(new ArrayList<>());
  private final Map<String, LoggerConfig> added = new TreeMap<>();
  private final Map<String, Level> levels = new TreeMap<>();
  private final AbstractAppender appender;
  private final LoggerContext context;

  private LogCapture(Level level, String... loggers) {
    context = (LoggerContext) LogManager.getContext(false);
    Configuration config = context.getConfiguration();
    appender = new AbstractAppender("capture-" + System.nanoTime(), null, null, true, Property.EMPTY_ARRAY) {
      @Override
      public void append(LogEvent event) {
        lines.add(event.getLevel() + " " + event.getLoggerName() + ": " + event.getMessage().getFormattedMessage()
            + (event.getThrown() == null ? "" : " [" + event.getThrown() + "]"));
      }
    };
    appender.start();
    for (String name : loggers) {
      LoggerConfig own = config.getLoggers().get(name);
      if (own == null) {
        own = new LoggerConfig(name, level, false);
        config.addLogger(name, own);
        added.put(name, own);
      } else {
        levels.put(name, own.getLevel());
        own.setLevel(level);
      }
      own.addAppender(appender, level, null);
    }
    context.updateLoggers();
  }

  /** The events of {@code loggers} (and the loggers below them) at {@code level} and above. */
  public static LogCapture of(Level level, String... loggers) {
    return new LogCapture(level, loggers);
  }

  /** The warnings (and errors) {@code logger} logs while {@code action} runs, as {@link #lines}. */
  public static List<String> warningsOf(String logger, Runnable action) {
    try (LogCapture log = of(Level.WARN, logger)) {
      action.run();
      return List.copyOf(log.lines());
    }
  }

  /** The captured events: "LEVEL logger: message [thrown]". */
  public List<String> lines() {
    synchronized (lines) {
      return List.copyOf(lines);
    }
  }

  @Override
  public void close() {
    Configuration config = context.getConfiguration();
    for (String name : added.keySet()) {
      config.removeLogger(name);
    }
    for (Map.Entry<String, Level> e : levels.entrySet()) {
      LoggerConfig own = config.getLoggers().get(e.getKey());
      own.removeAppender(appender.getName());
      own.setLevel(e.getValue());
    }
    context.updateLoggers();
    appender.stop();
  }
}
