import DirBridgeCore
import Foundation
@testable import Reports
import Testing

@Suite struct CSVPlanRendererTests {
    @Test func oneRowPerActionAndRejectionWithCRLF() throws {
        let csv = CSVPlanRenderer().render(PlanFixtures.report())
        #expect(csv.hasSuffix("\r\n"))
        let rows = try RFC4180.parse(csv)
        #expect(rows.first == ["target", "vendor", "kind", "anchor", "dn", "vendor_id", "field_changes", "reason"])
        #expect(rows.count == 1 + 6 + 2)
        #expect(rows.allSatisfy { $0.count == 8 })
        #expect(rows.dropFirst().map { $0[2] } == ["create", "update", "reimport", "disable", "rejected", "rejected", "disable", "disable"])
        #expect(rows[2] == ["sertica-prod", "sertica", "update", "a2", PlanFixtures.escapedCommaDN, "17",
                            "Title: Engineer → Lead; Password: •••••• → ••••••; Email: (none) → john@example.org; Phone: +1 555 → (none)", ""])
        #expect(rows[5] == ["sertica-prod", "sertica", "rejected", "a5", "cn=Eve,dc=x", "", "", "Email: required field is empty"])
        #expect(rows[7][7] == "BLOCKED: would disable 2 of 2 users (100% > limit 10%) <b>")
        #expect(rows[7][0] == PlanFixtures.hostileTarget)
    }

    @Test func quotesOnlyWhatRFC4180Requires() {
        let csv = CSVPlanRenderer().render(PlanFixtures.report())
        #expect(csv.contains(#","cn=Smith\, John,dc=x",17,"#))
        #expect(csv.contains(#"\#r\#n"ops<&>""'",aria-operations,"#))
        #expect(csv.contains(",a3,\"cn=Cy,dc=x\",V-3,PASSWORD: (none) → ••••••,\r\n"))
        #expect(CSVPlanRenderer.field("plain") == "plain")
        #expect(CSVPlanRenderer.field("a,b") == "\"a,b\"")
        #expect(CSVPlanRenderer.field("say \"hi\"") == "\"say \"\"hi\"\"\"")
        #expect(CSVPlanRenderer.field("two\nlines") == "\"two\nlines\"")
        #expect(CSVPlanRenderer.field("cr\rhere") == "\"cr\rhere\"")
        #expect(CSVPlanRenderer.field("") == "")
    }

    @Test(arguments: ["=1+1", "+SUM(A1)", "-2+3", "@SUM(A1)", "\tcmd", "\rcmd"])
    func formulaLeadersGetAQuote(_ value: String) throws {
        let cell = CSVPlanRenderer.field(value)
        let parsed = try RFC4180.parse(cell + "\r\n")
        #expect(parsed == [["'" + value]])
    }

    @Test func formulaGuardAppliesToDirectoryDataInRows() throws {
        let rows = try RFC4180.parse(CSVPlanRenderer().render(PlanFixtures.report()))
        #expect(rows[7][5] == "'" + PlanFixtures.formulaVendorId)
        #expect(rows[8][5] == "'-12")
        #expect(CSVPlanRenderer().render(PlanFixtures.report()).contains(#","'=HYPERLINK(""http://x"",""y"")","#))
        for row in rows {
            for cell in row {
                #expect(cell.first.map { !"=+-@\t\r".contains($0) } ?? true, "cell \(cell) could run as a formula")
            }
        }
    }
}

/// A strict RFC 4180 reader, to check the renderer's output the way a spreadsheet reads it.
enum RFC4180 {
    struct Malformed: Error, CustomStringConvertible {
        var description: String
    }

    static func parse(_ text: String) throws -> [[String]] {
        var rows: [[String]] = []
        var row: [String] = []
        var field = ""
        var scalars = Array(text.unicodeScalars)[...]
        var quotedField = false
        while let scalar = scalars.popFirst() {
            switch scalar {
            case "\"" where field.isEmpty && !quotedField:
                quotedField = true
                while true {
                    guard let next = scalars.popFirst() else { throw Malformed(description: "unterminated quote") }
                    if next == "\"" {
                        if scalars.first == "\"" { scalars.removeFirst(); field.unicodeScalars.append("\"") } else { break }
                    } else {
                        field.unicodeScalars.append(next)
                    }
                }
                guard let after = scalars.first, after == "," || after == "\r" else {
                    throw Malformed(description: "text after closing quote in \(field)")
                }
            case "\"":
                throw Malformed(description: "bare quote in unquoted field \(field)")
            case ",":
                row.append(field); field = ""; quotedField = false
            case "\r":
                guard scalars.popFirst() == "\n" else { throw Malformed(description: "CR without LF") }
                row.append(field); rows.append(row); row = []; field = ""; quotedField = false
            case "\n":
                throw Malformed(description: "LF without CR outside quotes")
            default:
                field.unicodeScalars.append(scalar)
            }
        }
        guard row.isEmpty && field.isEmpty else { throw Malformed(description: "last row not terminated by CRLF") }
        return rows
    }
}
