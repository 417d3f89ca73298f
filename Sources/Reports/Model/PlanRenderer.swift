/// Turns a plan report into one output format. Renderers are pure: same report, same bytes.
package protocol PlanRenderer: Sendable {
    /// Writes the whole report to `output`, piece by piece, so a caller can stream it.
    func render<Output: TextOutputStream>(_ report: PlanReport, to output: inout Output)
}

extension PlanRenderer {
    /// The whole report as one string.
    package func render(_ report: PlanReport) -> String {
        var output = ""
        output.reserveCapacity(4096 + report.plan.targets.reduce(0) { $0 + 256 * ($1.actions.count + $1.rejected.count) })
        render(report, to: &output)
        return output
    }
}
