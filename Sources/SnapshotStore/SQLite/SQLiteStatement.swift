internal import GRDBSQLite
import GRDB

/// A prepared statement driven through SQLite's C API, for the one loop where GRDB's per-row
/// argument boxing and execution bookkeeping took a fifth of the CPU (100k outcomes in a
/// transaction, measured with dirbridge-store-bench). It runs on the connection of the GRDB transaction it is created in and must not
/// outlive it. The only file in the module that imports SQLite's C module.
final class SQLiteStatement {
    private let db: Database
    private let handle: OpaquePointer
    private let sql: String

    init(_ sql: String, in db: Database) throws {
        guard let connection = db.sqliteConnection else {
            throw DatabaseError(resultCode: .SQLITE_MISUSE, message: "connection closed", sql: sql)
        }
        var statement: OpaquePointer?
        let code = sqlite3_prepare_v3(connection, sql, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &statement, nil)
        guard code == SQLITE_OK, let statement else {
            sqlite3_finalize(statement)
            throw Self.error(code, connection: connection, sql: sql)
        }
        self.db = db
        self.handle = statement
        self.sql = sql
    }

    deinit {
        sqlite3_finalize(handle)
    }

    /// Binds `values` to parameters ?1, ?2, … and steps the statement to completion.
    func execute(_ values: [SQLiteValue]) throws {
        defer {
            sqlite3_reset(handle)
            sqlite3_clear_bindings(handle)
        }
        try bind(values)
        let code = sqlite3_step(handle)
        guard code == SQLITE_DONE else { throw Self.error(code, connection: db.sqliteConnection, sql: sql) }
    }

    /// Binds `values`, then hands every result row to `body`. A row's values are valid only
    /// during its call.
    func forEachRow(_ values: [SQLiteValue], _ body: (SQLiteRow) throws -> Void) throws {
        defer {
            sqlite3_reset(handle)
            sqlite3_clear_bindings(handle)
        }
        try bind(values)
        while true {
            let code = sqlite3_step(handle)
            if code == SQLITE_DONE { return }
            guard code == SQLITE_ROW else { throw Self.error(code, connection: db.sqliteConnection, sql: sql) }
            try body(SQLiteRow(handle: handle))
        }
    }

    private func bind(_ values: [SQLiteValue]) throws {
        for (offset, value) in values.enumerated() {
            let index = Int32(offset + 1)
            let code: Int32 =
                switch value {
                case .null: sqlite3_bind_null(handle, index)
                case .integer(let number): sqlite3_bind_int64(handle, index, number)
                case .real(let number): sqlite3_bind_double(handle, index, number)
                case .text(let text):
                    // SQLITE_TRANSIENT: SQLite copies the bytes before withCString's buffer goes away.
                    text.withCString { sqlite3_bind_text(handle, index, $0, -1, Self.transient) }
                case .blob(let bytes):
                    bytes.withUnsafeBytes { sqlite3_bind_blob(handle, index, $0.baseAddress, Int32($0.count), Self.transient) }
                }
            guard code == SQLITE_OK else { throw Self.error(code, connection: db.sqliteConnection, sql: sql) }
        }
    }

    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

    private static func error(_ code: Int32, connection: OpaquePointer?, sql: String) -> DatabaseError {
        let extended = connection.map { sqlite3_extended_errcode($0) } ?? code
        let message = connection.flatMap { sqlite3_errmsg($0) }.map { String(cString: $0) }
        return DatabaseError(resultCode: ResultCode(rawValue: extended), message: message, sql: sql)
    }
}

/// The current row of a stepping statement.
struct SQLiteRow: RecordColumns {
    fileprivate let handle: OpaquePointer

    package func text(_ column: Int32) -> String? {
        guard sqlite3_column_type(handle, column) != SQLITE_NULL, let bytes = sqlite3_column_text(handle, column) else { return nil }
        return String(decoding: UnsafeBufferPointer(start: bytes, count: Int(sqlite3_column_bytes(handle, column))), as: UTF8.self)
    }

    package func double(_ column: Int32) -> Double? {
        sqlite3_column_type(handle, column) == SQLITE_NULL ? nil : sqlite3_column_double(handle, column)
    }

    func int64(_ column: Int32) -> Int64 {
        sqlite3_column_int64(handle, column)
    }

    /// The column's bytes (a text's UTF-8), empty for NULL. Valid during the row's call only.
    func bytes(_ column: Int32) -> UnsafeRawBufferPointer {
        let bytes = sqlite3_column_blob(handle, column)
        return UnsafeRawBufferPointer(start: bytes, count: bytes == nil ? 0 : Int(sqlite3_column_bytes(handle, column)))
    }
}

/// A value to bind, in SQLite's storage classes.
enum SQLiteValue {
    case null
    case integer(Int64)
    case real(Double)
    case text(String)
    case blob([UInt8])

    init(_ text: String?) {
        self = text.map(SQLiteValue.text) ?? .null
    }
}
