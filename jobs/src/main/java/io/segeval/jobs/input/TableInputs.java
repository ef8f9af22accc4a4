package io.segeval.jobs.input;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.input_file_name;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.when;

import io.segeval.codec.BadRecordException;
import io.segeval.codec.MaskCodecs;
import io.segeval.codec.Reason;
import io.segeval.core.InputKind;
import io.segeval.jobs.MessageText;
import io.segeval.jobs.config.TableInput;
import io.segeval.jobs.config.UsageException;
import io.segeval.jobs.run.RunJobs;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.spark.SparkThrowable;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.BinaryType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.sql.types.DoubleType;
import org.apache.spark.sql.types.FloatType;
import org.apache.spark.sql.types.IntegralType;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructType;

/**
 * Reads {@code --table} inputs as {@link ImagePair}s: one row per image, the same pairs the folder
 * listing gives, so the same map stages evaluate them.
 *
 * <p>Each side (prediction, target) is a binary column of NPY or PNG bytes, or an array column of
 * numbers (float, double, byte, short, int, long) with {@code height} and {@code width} columns
 * (and optionally {@code channels}). Byte arrays are read as unsigned (0–255), like mask files.
 * A row whose id, prediction or target is null, or whose array holds a null element, is a bad
 * record, reported under {@code --on-bad-record} like a missing file, and so is every row whose
 * image_id another row of the same group has. Several tables are unioned by column name; columns
 * besides id, pred and target pass through for {@code --group-by}. Without {@code --input}, integer
 * arrays and PNG bytes are labels, float arrays and NPY bytes logits (for bytes, decided from the
 * first row; a later row of the other codec is a bad record). {@code --where} keeps the union's rows
 * it holds for before anything else reads them ({@link WhereFilter}).
 */
public final class TableInputs {
  private TableInputs() {}

  /** Columns SegEval adds while reading; a table may not have columns of these names. */
  private static final String RESERVED_PREFIX = "__segeval_";
  /** Where each row came from: its file, or the table's name. */
  private static final String SOURCE = "__segeval_source";
  /**
   * The table's name, a constant of each table's rows: the {@link #SOURCE} of rows read from no
   * file. Unlike the file name it is deterministic, so {@code --where} is pushed through it.
   */
  private static final String TABLE = "__segeval_table";
  /** The rows' (group, image_id) key, and the reason of the rows that share it (text and class). */
  private static final String GROUP = "__segeval_group";
  private static final String ID = "__segeval_id";
  private static final String SHARED = "__segeval_shared";
  private static final String SHARED_KIND = "__segeval_shared_kind";

  /**
   * The tables' rows as pairs, their grouping and what the decoders need; {@code tableRows} counts
   * the tables' rows before {@code --where} (a job: for messages only); {@code bytes} is the size of
   * the rows' files Spark plans with, -1 when unknown ({@link TableReadBatch}).
   */
  public record Read(Dataset<ImagePair> pairs, GroupBy groupBy, InputKind inferredInput, ImageSource source,
      LongSupplier tableRows, long bytes) {}

  public static Read read(SparkSession spark, TableInput t, List<String> groupByNames, InputKind input,
      HadoopConf conf, long maxPixels) {
    Dataset<Row> rows = null;
    Map<String, DataType> predTypes = new LinkedHashMap<>();
    Map<String, StructType> schemas = new LinkedHashMap<>();
    RunJobs.step("reading the tables' schemas");
    for (String uri : t.uris()) {
      Dataset<Row> one = load(spark, uri, t.format());
      if (one.schema().getFieldIndex(t.predCol()).isDefined()) {
        predTypes.put(uri, one.schema().apply(t.predCol()).dataType());
      }
      requireOneLayout(schemas, uri, one.schema(), List.of(t.predCol(), t.targetCol()));
      rows = rows == null ? one : union(rows, one, schemas.keySet(), uri);
      schemas.put(uri, one.schema());
    }
    if (input == null) {
      requireOneKindOfArrays(predTypes);
    }
    LongSupplier tableRows = rows::count; // the rows before --where
    rows = WhereFilter.keep(rows, t.where(), TABLE);
    long bytes = TableReadBatch.bytesOf(rows.drop(TABLE)); // the files' size, not scaled by a column's estimate
    rows = withSource(rows);
    StructType schema = rows.schema();
    DataType predType = columnType(schema, t.predCol(), "--pred-col");
    DataType targetType = columnType(schema, t.targetCol(), "--target-col");
    columnType(schema, t.idCol(), "--id-col");
    boolean arrays = predType instanceof ArrayType || targetType instanceof ArrayType;
    List<String> dimensions = arrays ? arrayDimensions(schema) : List.of();
    GroupBy groupBy = GroupBy.forTable(groupByNames, schema,
        List.of(t.idCol(), t.predCol(), t.targetCol(), SOURCE));

    Column id = col(t.idCol()).cast(DataTypes.StringType);
    Column groupKey = groupBy.keyColumn(name -> schema.getFieldIndex(name).isDefined() ? col(name) : null, id);
    rows = withSharedIds(spark, rows, id, groupKey, groupBy);
    Column predCell = concat(col(SOURCE), lit(" [" + t.predCol() + "]"));
    Column targetCell = concat(col(SOURCE), lit(" [" + t.targetCol() + "]"));
    Map<String, Column> columns = new LinkedHashMap<>();
    columns.put("imageId", coalesce(id, lit("(null " + t.idCol() + ")")));
    RowProblems problems = new RowProblems()
        .add(id.isNull(), Reason.constant("the id column '" + t.idCol() + "' is null"), null)
        .add(col(t.predCol()).isNull(), Reason.constant("the prediction column '" + t.predCol() + "' is null"), null)
        .add(col(t.targetCol()).isNull(), Reason.constant("the target column '" + t.targetCol() + "' is null"), targetCell)
        .add(col(SHARED).isNotNull(), col(SHARED), col(SHARED_KIND), null);
    for (String name : dimensions) {
      // a bigint beyond an int would fail the cast to the pair's Integer, and with it the whole job
      String words = ", out of range for an image dimension";
      problems.add(not(inIntRange(col(name))), concat(lit("the '" + name + "' column holds "),
          col(name).cast(DataTypes.StringType), lit(words)), lit("the '" + name + "' column holds #" + words), null);
    }
    columns.put("problem", problems.text());
    columns.put("problemKind", problems.kind());
    columns.put("problemPath", problems.file()); // null: the prediction's cell
    columns.put("rowSource", col(SOURCE));
    columns.put("predPath", predCell);
    columns.put("targetPath", targetCell);
    side(columns, "pred", t.predCol(), predType);
    side(columns, "target", t.targetCol(), targetType);
    columns.put("predNullAt", ArrayCells.firstNullIndex(t.predCol(), predType));
    columns.put("targetNullAt", ArrayCells.firstNullIndex(t.targetCol(), targetType));
    for (String name : dimensions) {
      columns.put(name, when(inIntRange(col(name)), col(name))); // out of range: a problem row, never decoded
    }
    columns.put("groupKey", groupKey);
    Dataset<ImagePair> pairs = ImagePair.from(rows, columns);
    if (input != null) {
      return new Read(pairs, groupBy, input, new ImageSource(conf, maxPixels, null), tableRows, bytes);
    }
    Inferred inferred = inferInput(rows, t.predCol(), predType);
    return new Read(pairs, groupBy, inferred.input(), new ImageSource(conf, maxPixels, inferred.codec()), tableRows,
        bytes);
  }

  /**
   * The columns of the array cells' shape: integer {@code height} and {@code width}, and
   * {@code channels} when the table has it (integers too).
   */
  private static List<String> arrayDimensions(StructType schema) {
    List<String> dimensions = new ArrayList<>();
    for (String shape : List.of(TableInput.HEIGHT, TableInput.WIDTH)) {
      if (!(schema.getFieldIndex(shape).isDefined() && schema.apply(shape).dataType() instanceof IntegralType)) {
        throw new UsageException("--table: array cells need integer '" + TableInput.HEIGHT + "' and '"
            + TableInput.WIDTH + "' columns (columns: " + tableColumns(schema) + ")");
      }
      dimensions.add(shape);
    }
    if (schema.getFieldIndex(TableInput.CHANNELS).isDefined()) {
      if (!(schema.apply(TableInput.CHANNELS).dataType() instanceof IntegralType)) {
        throw new UsageException("--table: the '" + TableInput.CHANNELS + "' column must hold integers, it is "
            + schema.apply(TableInput.CHANNELS).dataType().simpleString());
      }
      dimensions.add(TableInput.CHANNELS);
    }
    return dimensions;
  }

  /** The input kind inferred without {@code --input}, and for bytes the codec it was inferred from (else null). */
  private record Inferred(InputKind input, MaskCodecs.FileType codec) {}

  /**
   * Without {@code --input}: integer arrays are labels, other arrays logits; bytes are labels when
   * the first non-null prediction is a PNG, else logits (NPY, or no row to tell).
   */
  private static Inferred inferInput(Dataset<Row> rows, String predCol, DataType predType) {
    if (predType instanceof ArrayType a) {
      return new Inferred(a.elementType() instanceof IntegralType ? InputKind.LABELS : InputKind.LOGITS, null);
    }
    RunJobs.step("reading the first prediction, to tell labels from scores");
    List<Row> first = rows.select(predCol).where(col(predCol).isNotNull()).limit(1).collectAsList();
    MaskCodecs.FileType codec = first.isEmpty() ? MaskCodecs.FileType.NPY : codecOrNpy((byte[]) first.get(0).get(0));
    return new Inferred(codec == MaskCodecs.FileType.PNG ? InputKind.LABELS : InputKind.LOGITS, codec);
  }

  /**
   * The union of the tables widens integer prediction arrays (labels) to the other tables' doubles
   * (scores), which would then all be read as logits: without --input, the tables must agree.
   */
  private static void requireOneKindOfArrays(Map<String, DataType> predTypes) {
    Map<Boolean, String> byKind = new LinkedHashMap<>();
    predTypes.forEach((uri, type) -> {
      if (type instanceof ArrayType a && a.elementType() instanceof NumericType) {
        byKind.putIfAbsent(a.elementType() instanceof IntegralType, uri + " (" + a.simpleString() + ")");
      }
    });
    if (byKind.size() > 1) {
      throw new UsageException("--table: the predictions are integer arrays (labels) in "
          + byKind.get(true) + " but not in " + byKind.get(false)
          + "; say what they hold with --input, or evaluate the tables apart");
    }
  }

  /**
   * The prediction and target columns of every table hold the same layout: the union of a table of
   * file bytes ({@code pack}) with one of arrays ({@code pack --as-arrays}) has no common type, and
   * Spark's refusal would name neither table. {@code earlier}: the tables before {@code uri}.
   */
  private static void requireOneLayout(Map<String, StructType> earlier, String uri, StructType schema,
      List<String> columns) {
    for (String name : columns) {
      String layout = layout(schema, name);
      for (Map.Entry<String, StructType> e : earlier.entrySet()) {
        String other = layout(e.getValue(), name);
        if (layout != null && other != null && !layout.equals(other)) {
          throw new UsageException("--table: column '" + name + "' holds " + other + " in " + e.getKey() + " but "
              + layout + " in " + uri + "; evaluate the tables apart, or pack them alike (both with or both"
              + " without --as-arrays)");
        }
      }
    }
  }

  /** How a table's column holds images: "file bytes (binary)", "arrays (array<double>)", ...; null if absent. */
  private static String layout(StructType schema, String name) {
    if (!schema.getFieldIndex(name).isDefined()) {
      return null;
    }
    DataType type = schema.apply(name).dataType();
    String kind = type instanceof BinaryType ? "file bytes" : type instanceof ArrayType ? "arrays" : "values";
    return kind + " (" + (type instanceof ArrayType ? "array" : type.simpleString()) + ")";
  }

  /** {@code rows} (the tables {@code before}) and {@code one} by column name; a refusal names the tables. */
  private static Dataset<Row> union(Dataset<Row> rows, Dataset<Row> one, Set<String> before, String uri) {
    try {
      return rows.unionByName(one, true);
    } catch (Exception e) { // Spark's AnalysisException is a checked exception, thrown undeclared
      if (e instanceof SparkThrowable) {
        throw new UsageException("--table: " + uri + " cannot be read with " + String.join(", ", before)
            + " (their columns are unioned by name): " + MessageText.firstLine(e.getMessage()), e);
      }
      throw e;
    }
  }

  /**
   * Adds {@value #SHARED} and {@value #SHARED_KIND}: for a row whose (group, image_id) other rows
   * have too, the reason ({@code 3 rows share this image_id in group model=unet-v3}) and its class;
   * else null. Such rows are bad records (the image would count twice), all of them, since none is
   * more right than the others. One aggregate over the id and group columns finds them (a columnar
   * table reads nothing else) and brings the shared keys to the driver (normally none), where their
   * reasons are written; the rows are then marked by a broadcast join with that local list, which
   * keeps their partitioning and runs no job of its own.
   */
  private static Dataset<Row> withSharedIds(SparkSession spark, Dataset<Row> rows, Column id, Column groupKey,
      GroupBy groupBy) {
    Dataset<Row> keyed = rows.withColumn(GROUP, coalesce(groupKey, lit(""))).withColumn(ID, id);
    RunJobs.step("finding image ids that several rows share");
    List<Row> sharedKeys = keyed.where(col(ID).isNotNull())
        .groupBy(col(GROUP), col(ID)).count()
        .where(col("count").gt(1))
        .collectAsList();
    if (sharedKeys.isEmpty()) {
      Column none = lit(null).cast(DataTypes.StringType);
      return rows.withColumn(SHARED, none).withColumn(SHARED_KIND, none);
    }
    List<Row> reasons = new ArrayList<>();
    for (Row k : sharedKeys) {
      Reason r = sharedIdReason(k.getLong(2), groupBy, k.getString(0));
      reasons.add(RowFactory.create(k.getString(0), k.getString(1), r.text(), r.kind()));
    }
    StructType schema = new StructType().add(GROUP, DataTypes.StringType).add(ID, DataTypes.StringType)
        .add(SHARED, DataTypes.StringType).add(SHARED_KIND, DataTypes.StringType);
    Dataset<Row> local = spark.createDataFrame(reasons, schema);
    return keyed.join(broadcast(local), new String[] {GROUP, ID}, "left_outer").drop(GROUP, ID);
  }

  /** Why {@code rows} rows with one image_id are refused: their count, and with groups the group's values. */
  static Reason sharedIdReason(long rows, GroupBy groupBy, String groupKey) {
    return groupBy.isEmpty()
        ? Reason.of("{} rows share this image_id", rows)
        : Reason.of("{} rows share this image_id in group {}", rows, GroupBy.label(groupBy.decode(groupKey)));
  }

  private static MaskCodecs.FileType codecOrNpy(byte[] bytes) {
    try {
      return MaskCodecs.typeOfBytes(bytes);
    } catch (BadRecordException e) {
      return MaskCodecs.FileType.NPY; // the row is reported as a bad record when it is decoded
    }
  }

  /** A path read with the format, or a table of the session's catalog; with the {@link #TABLE} column. */
  private static Dataset<Row> load(SparkSession spark, String uri, String format) {
    Dataset<Row> df;
    try {
      if (uri.matches("[A-Za-z_][A-Za-z0-9_.]*") && spark.catalog().tableExists(uri)) {
        df = spark.table(uri);
      } else {
        if (FILE_FORMATS.contains(format.toLowerCase(Locale.ROOT)) && !pathExists(spark, uri)) {
          // checked here: Spark would log a warning with a stack trace before its own refusal
          throw missingTable(spark, uri);
        }
        df = spark.read().format(format).load(uri);
      }
    } catch (Exception e) { // Spark's AnalysisException is a checked exception, thrown undeclared
      if (e instanceof SparkThrowable st && "PATH_NOT_FOUND".equals(st.getCondition())) {
        throw missingTable(spark, uri);
      }
      if (e instanceof SparkThrowable st && "UNABLE_TO_INFER_SCHEMA".equals(st.getCondition())) {
        throw TableWithoutFiles.refusal(spark.sparkContext().hadoopConfiguration(), uri, format);
      }
      throw e;
    }
    for (String name : df.schema().fieldNames()) {
      if (name.startsWith(RESERVED_PREFIX)) {
        throw new UsageException("--table " + uri + ": column names starting with " + RESERVED_PREFIX
            + " are reserved (" + name + ")");
      }
    }
    return df.withColumn(TABLE, lit(uri));
  }

  /** Adds {@link #SOURCE}: the row's file, else its table's name (in place of {@link #TABLE}). */
  private static Dataset<Row> withSource(Dataset<Row> rows) {
    Column file = input_file_name();
    return rows.withColumn(SOURCE, when(file.equalTo(""), col(TABLE)).otherwise(file)).drop(TABLE);
  }

  /** Formats whose tables are paths of a Hadoop file system. */
  private static final Set<String> FILE_FORMATS = Set.of("parquet", "orc", "json", "csv", "text", "avro", "delta");

  /** Whether a path (or glob) names anything. */
  /** "table t does not exist", with where a relative path was looked for, as a missing input folder says it. */
  private static BadRecordException missingTable(SparkSession spark, String uri) {
    Path given = new Path(uri);
    Path qualified = FileSystemSupport.qualified(spark.sparkContext().hadoopConfiguration(), uri, "table " + uri);
    return new BadRecordException(
        Reason.of("table {}{} does not exist", uri, FileSystemSupport.resolved(given, qualified)));
  }

  private static boolean pathExists(SparkSession spark, String uri) {
    try {
      Path path = new Path(uri);
      FileStatus[] matches = path.getFileSystem(spark.sparkContext().hadoopConfiguration()).globStatus(path);
      return matches != null && matches.length > 0;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot look for table " + uri + ": " + e.getMessage(), e);
    }
  }

  private static DataType columnType(StructType schema, String name, String option) {
    if (!schema.getFieldIndex(name).isDefined()) {
      throw new UsageException(option + ": the table has no column '" + name + "' (columns: "
          + tableColumns(schema) + ")");
    }
    return schema.apply(name).dataType();
  }

  /** The table's own columns, for messages (not the ones SegEval adds). */
  private static String tableColumns(StructType schema) {
    return String.join(", ", java.util.Arrays.stream(schema.fieldNames()).filter(n -> !n.startsWith(RESERVED_PREFIX)).toList());
  }

  /** Whether an integer column's value is null or fits an int. */
  private static Column inIntRange(Column c) {
    return c.isNull().or(c.between(Integer.MIN_VALUE, Integer.MAX_VALUE));
  }

  /** The pair's bytes or values property of one side, by the column's type. */
  private static void side(Map<String, Column> columns, String side, String name, DataType type) {
    if (type instanceof BinaryType) {
      columns.put(side + "Bytes", col(name));
    } else if (type instanceof ArrayType a && a.elementType() instanceof NumericType) {
      DataType e = a.elementType();
      if (!(e instanceof IntegralType || e instanceof FloatType || e instanceof DoubleType || e instanceof DecimalType)) {
        throw new UsageException("column '" + name + "': unsupported element type " + e.simpleString());
      }
      // the elements, read as doubles by the decoder (a row with a null element is a bad record)
      ArrayCells.put(columns, side, col(name), a);
    } else {
      throw new UsageException("column '" + name + "' is " + type.simpleString()
          + "; SegEval reads binary (NPY or PNG bytes) or arrays of numbers with height and width columns");
    }
  }
}
