import DirBridgeCore

/// The plan as JSON for scripts and review tools: keys sorted, compact, one document.
///
/// `{"review"?:{"config","createdAt","digest","store"},"targets":[{"actions":[{"anchor","changes":[{"field","new","old"}],"dn","kind","match"?,"payloadHash","vendorId"}],
/// "blocked","blockedReason"?,"name","rejected":[{"anchor","dn","field","reason"}],
/// "summary":{"adopt","create","disable","reimport","rejected","update"},"unmanaged":[{"key","vendorId"}],"vendor"}]}`.
/// Absent values (`old`, `new`, `vendorId`) are `null`; `blockedReason` appears only when blocked,
/// `match` (`{"field","value"}`: how an existing account was found) only on an `adopt`.
package struct JSONPlanRenderer: PlanRenderer {
    package init() {}

    package func render<Output: TextOutputStream>(_ report: PlanReport, to output: inout Output) {
        guard let review = report.review else {
            Self.write(report, json: JSONText(htmlSafe: false), to: &output)
            output.write("\n")
            return
        }
        // `{"review":{…,"digest"},"targets":[…]}`: the digest covers the targets exactly as written.
        let json = JSONText(htmlSafe: false)
        var targets = ""
        Self.writeTargets(report, json: json, to: &targets)
        output.write("{\"review\":{\"config\":")
        json.string(review.configDigest, to: &output)
        output.write(",\"createdAt\":")
        json.string(review.createdAt, to: &output)
        output.write(",\"digest\":")
        json.string(review.digest(ofTargetsJSON: targets), to: &output)
        output.write(",\"store\":")
        json.string(review.storePath, to: &output)
        output.write("},\"targets\":")
        output.write(targets)
        output.write("}\n")
    }

    /// Shared with the HTML page, which embeds the same document for its table.
    static func write<Output: TextOutputStream>(_ report: PlanReport, json: JSONText, to output: inout Output) {
        output.write("{\"targets\":")
        writeTargets(report, json: json, to: &output)
        output.write("}")
    }

    private static func writeTargets<Output: TextOutputStream>(_ report: PlanReport, json: JSONText, to output: inout Output) {
        output.write("[")
        for (index, target) in report.reportedTargets.enumerated() {
            if index > 0 { output.write(",") }
            write(target, json: json, to: &output)
        }
        output.write("]")
    }

    private static func write<Output: TextOutputStream>(_ target: ReportedTarget, json: JSONText, to output: inout Output) {
        output.write("{\"actions\":[")
        for (index, action) in target.plan.actions.enumerated() {
            if index > 0 { output.write(",") }
            output.write("{\"anchor\":")
            json.string(action.anchor.value, to: &output)
            output.write(",\"changes\":[")
            for (changeIndex, change) in target.changes(of: action).enumerated() {
                if changeIndex > 0 { output.write(",") }
                output.write("{\"field\":")
                json.string(change.field, to: &output)
                output.write(",\"new\":")
                json.value(change.new, to: &output)
                output.write(",\"old\":")
                json.value(change.old, to: &output)
                output.write("}")
            }
            output.write("],\"dn\":")
            json.string(action.dn, to: &output)
            output.write(",\"kind\":")
            json.string(action.kind.rawValue, to: &output)
            output.write(",\"payloadHash\":")
            json.string(action.payloadHash, to: &output)
            if let match = action.match {
                output.write(",\"match\":{\"field\":")
                json.string(match.field, to: &output)
                output.write(",\"value\":")
                json.string(match.value, to: &output)
                output.write("}")
            }
            output.write(",\"vendorId\":")
            json.stringOrNull(action.vendorId, to: &output)
            output.write("}")
        }
        output.write("],\"blocked\":")
        output.write(target.blockedReason == nil ? "false" : "true")
        if let reason = target.blockedReason {
            output.write(",\"blockedReason\":")
            json.string(reason, to: &output)
        }
        output.write(",\"name\":")
        json.string(target.name, to: &output)
        output.write(",\"rejected\":[")
        for (index, rejection) in target.plan.rejected.enumerated() {
            if index > 0 { output.write(",") }
            output.write("{\"anchor\":")
            json.string(rejection.anchor.value, to: &output)
            output.write(",\"dn\":")
            json.string(rejection.dn, to: &output)
            output.write(",\"field\":")
            json.string(rejection.field, to: &output)
            output.write(",\"reason\":")
            json.string(target.reason(of: rejection), to: &output)
            output.write("}")
        }
        let summary = target.summary
        output.write("],\"summary\":{\"adopt\":\(summary[.adopt]),\"create\":\(summary[.create]),\"disable\":\(summary[.disable]),")
        output.write("\"reimport\":\(summary[.reimport]),\"rejected\":\(summary.rejected),\"update\":\(summary[.update])},")
        output.write("\"unmanaged\":[")
        for (index, account) in target.plan.unmanaged.enumerated() {
            if index > 0 { output.write(",") }
            output.write("{\"key\":")
            json.string(account.key, to: &output)
            output.write(",\"vendorId\":")
            json.string(account.vendorId, to: &output)
            output.write("}")
        }
        output.write("],\"vendor\":")
        json.string(target.vendor, to: &output)
        output.write("}")
    }
}
