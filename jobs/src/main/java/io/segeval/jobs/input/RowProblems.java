package io.segeval.jobs.input;

import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import io.segeval.codec.Reason;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.types.DataTypes;

/**
 * The reasons a table row cannot be evaluated, as columns of {@link ImagePair}: each case is a
 * condition with its reason (text and class) and the cell it is about; the first case that
 * applies to a row is its problem, none: a good row (null columns).
 */
final class RowProblems {
  private static final Column NONE = lit(null).cast(DataTypes.StringType);

  private Column text;
  private Column kind;
  private Column file;

  /** A case whose reason holds no value of the row; {@code file}: the cell it is about, null for the prediction's. */
  RowProblems add(Column applies, Reason reason, Column file) {
    return add(applies, lit(reason.text()), lit(reason.kind()), file);
  }

  /** A case whose reason is computed per row: {@code text}, and {@code kind} its class. */
  RowProblems add(Column applies, Column text, Column kind, Column file) {
    Column about = file == null ? NONE : file;
    this.text = this.text == null ? when(applies, text) : this.text.when(applies, text);
    this.kind = this.kind == null ? when(applies, kind) : this.kind.when(applies, kind);
    this.file = this.file == null ? when(applies, about) : this.file.when(applies, about);
    return this;
  }

  /** {@code problem}: the reason's text. */
  Column text() {
    return text;
  }

  /** {@code problemKind}: the reason's class. */
  Column kind() {
    return kind;
  }

  /** {@code problemPath}: the cell the problem is about, when not the prediction's. */
  Column file() {
    return file;
  }
}
