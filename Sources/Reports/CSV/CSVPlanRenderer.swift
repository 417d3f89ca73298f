import DirBridgeCore

/// The plan as RFC 4180 CSV (CRLF line ends, header row) for spreadsheets: one row per action
/// and per rejection, columns `target,vendor,kind,anchor,dn,vendor_id,field_changes,reason`.
///
/// `reason` holds `field: reason` for a rejection and `BLOCKED: …` for the actions of a blocked
/// target. Every cell that a spreadsheet would take for a formula (starting with `=`, `+`, `-`,
/// `@`, tab or CR) gets a leading `'`: directory data must not run in the reviewer's Excel.
package struct CSVPlanRenderer: PlanRenderer {
    package init() {}

    static let header = ["target", "vendor", "kind", "anchor", "dn", "vendor_id", "field_changes", "reason"]

    package func render<Output: TextOutputStream>(_ report: PlanReport, to output: inout Output) {
        writeRow(Self.header, to: &output)
        for target in report.reportedTargets {
            let blocked = target.blockedReason.map { "BLOCKED: " + $0 } ?? ""
            for action in target.plan.actions {
                let changes = target.changes(of: action).map(DisplayText.change).joined(separator: "; ")
                writeRow([target.name, target.vendor, action.kind.rawValue, action.anchor.value, action.dn,
                          action.vendorId ?? "", changes,
                          [action.match?.description ?? "", blocked].filter { !$0.isEmpty }.joined(separator: "; ")],
                         to: &output)
            }
            for rejection in target.plan.rejected {
                writeRow([target.name, target.vendor, "rejected", rejection.anchor.value, rejection.dn, "", "",
                          rejection.field + ": " + target.reason(of: rejection)], to: &output)
            }
            for account in target.plan.unmanaged {
                writeRow([target.name, target.vendor, "unmanaged", "", account.key, account.vendorId, "",
                          "no directory user owns this account; never modified"], to: &output)
            }
        }
    }

    private func writeRow<Output: TextOutputStream>(_ cells: [String], to output: inout Output) {
        for (index, cell) in cells.enumerated() {
            if index > 0 { output.write(",") }
            output.write(Self.field(cell))
        }
        output.write("\r\n")
    }

    /// One cell: formula-guarded, then quoted when it holds a comma, quote, CR or LF. Built as
    /// bytes: a first-sync plan has half a million change lists to quote.
    static func field(_ value: String) -> String {
        let guarded = value.utf8.first.map(isFormulaLead) ?? false
        let quoted = value.utf8.contains(where: needsQuotes)
        guard guarded || quoted else { return value }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(value.utf8.count + 8)
        if quoted { bytes.append(UInt8(ascii: "\"")) }
        if guarded { bytes.append(UInt8(ascii: "'")) }
        for byte in value.utf8 {
            bytes.append(byte)
            if byte == UInt8(ascii: "\"") { bytes.append(byte) }
        }
        if quoted { bytes.append(UInt8(ascii: "\"")) }
        return String(decoding: bytes, as: UTF8.self)
    }

    private static func isFormulaLead(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "="), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "@"), 0x09, 0x0D: true
        default: false
        }
    }

    private static func needsQuotes(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: ","), UInt8(ascii: "\""), 0x0D, 0x0A: true
        default: false
        }
    }
}
