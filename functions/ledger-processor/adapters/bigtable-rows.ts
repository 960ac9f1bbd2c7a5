/**
 * Reassembles rows from Bigtable ReadRows cell chunks (google.bigtable.v2.ReadRowsResponse):
 * a chunk may continue the previous cell (valueSize > 0 = more value bytes follow), inherit the
 * row/family/qualifier of the one before, reset the row, or commit it.
 */
import type { protos } from "@google-cloud/bigtable";

type CellChunk = protos.google.bigtable.v2.ReadRowsResponse.ICellChunk;

/** family -> qualifier -> value of the newest cell (requests use a 1-cell-per-column filter). */
export type RowCells = Map<string, Map<string, Buffer>>;
/** family -> qualifier -> timestamp (microseconds) of that cell. */
export type RowTimestamps = Map<string, Map<string, number>>;

export interface ReadRow {
  readonly key: string;
  readonly cells: RowCells;
  readonly timestamps: RowTimestamps;
}

function bytes(v: Uint8Array | string | null | undefined): Buffer {
  if (v === null || v === undefined) return Buffer.alloc(0);
  return typeof v === "string" ? Buffer.from(v, "base64") : Buffer.from(v.buffer, v.byteOffset, v.byteLength);
}

export class RowAssembler {
  private key?: string;
  private family?: string;
  private qualifier?: string;
  private cells: RowCells = new Map();
  private timestamps: RowTimestamps = new Map();
  private timestamp = 0;
  private parts: Buffer[] = [];
  private readonly rows: ReadRow[] = [];

  push(chunk: CellChunk): void {
    if (chunk.resetRow) {
      this.cells = new Map();
      this.timestamps = new Map();
      this.parts = [];
      this.key = undefined;
      return;
    }
    if (chunk.rowKey && bytes(chunk.rowKey).length > 0) this.key = bytes(chunk.rowKey).toString("utf8");
    if (chunk.familyName) this.family = chunk.familyName.value ?? "";
    if (chunk.qualifier) this.qualifier = bytes(chunk.qualifier.value).toString("utf8");
    if (chunk.timestampMicros !== null && chunk.timestampMicros !== undefined && this.parts.length === 0) this.timestamp = Number(chunk.timestampMicros);
    this.parts.push(bytes(chunk.value));
    if (!chunk.valueSize) {
      // Cell complete. Cells of a column come newest first: keep the first one.
      if (this.family !== undefined && this.qualifier !== undefined) {
        let fam = this.cells.get(this.family);
        if (!fam) this.cells.set(this.family, (fam = new Map()));
        if (!fam.has(this.qualifier)) {
          fam.set(this.qualifier, Buffer.concat(this.parts));
          let times = this.timestamps.get(this.family);
          if (!times) this.timestamps.set(this.family, (times = new Map()));
          times.set(this.qualifier, this.timestamp);
        }
      }
      this.parts = [];
    }
    if (chunk.commitRow) {
      if (this.key === undefined) throw new Error("Bigtable ReadRows: committed a row without a key");
      this.rows.push({ key: this.key, cells: this.cells, timestamps: this.timestamps });
      this.cells = new Map();
      this.timestamps = new Map();
      this.family = undefined;
      this.qualifier = undefined;
    }
  }

  take(): ReadRow[] {
    return this.rows.splice(0, this.rows.length);
  }
}
