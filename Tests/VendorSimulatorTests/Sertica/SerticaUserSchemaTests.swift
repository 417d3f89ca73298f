import Testing
@testable import VendorSimulator

@Suite("Sertica date format")
struct SerticaUserSchemaTests {
    @Test("ISO-8601 dates with or without time, fraction and offset are accepted", arguments: [
        "2026-01-11", "2026-01-11T09:34", "2026-01-11T09:34:47Z", "2026-01-11T09:34:47.653726+02:00", "2026-01-11T09:34:47-05:30",
    ])
    func accepted(_ text: String) {
        #expect(SerticaUserSchema.isISO8601DateTime(text))
    }

    @Test("other date spellings are refused", arguments: [
        "11/01/2026", "2026-1-11", "2026-01-11 09:34", "2026-01-11T09:34:47+0200", "2026-01-11T09:34:47.Z", "yesterday", "",
    ])
    func refused(_ text: String) {
        #expect(!SerticaUserSchema.isISO8601DateTime(text))
    }
}
