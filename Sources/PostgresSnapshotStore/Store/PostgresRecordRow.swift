import PostgresNIO
import SnapshotStore

/// A record row as PostgresNIO returns it, read through the columns every backend decodes alike.
/// A cell of an unexpected type reads as absent, which the decoding reports as a NULL column.
struct PostgresRecordRow: RecordColumns {
    let row: PostgresRandomAccessRow

    init(_ row: PostgresRow) {
        self.row = PostgresRandomAccessRow(row)
    }

    func text(_ column: Int32) -> String? {
        (try? row[Int(column)].decode(String?.self)) ?? nil
    }

    func double(_ column: Int32) -> Double? {
        (try? row[Int(column)].decode(Double?.self)) ?? nil
    }
}
