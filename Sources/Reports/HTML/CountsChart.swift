/// An inline SVG of grouped horizontal bars: per target, one bar per action kind and one for
/// rejections, labelled with the count. Drawn at render time so it needs no script.
struct CountsChart {
    let targets: [ReportedTarget]

    private static let labelWidth = 190
    private static let barAreaWidth = 420
    private static let countWidth = 70
    private static let barHeight = 14
    private static let barGap = 3
    private static let groupGap = 16

    func render<Output: TextOutputStream>(to output: inout Output) {
        let columns = 5
        let groupHeight = columns * (Self.barHeight + Self.barGap) + Self.groupGap
        let width = Self.labelWidth + Self.barAreaWidth + Self.countWidth
        let height = max(groupHeight * targets.count, groupHeight)
        let largest = max(1, targets.flatMap { $0.summary.columns.map(\.count) }.max() ?? 1)
        output.write("<svg class=\"chart\" role=\"img\" aria-label=\"Counts per target and action\" viewBox=\"0 0 \(width) \(height)\" width=\"\(width)\" height=\"\(height)\">")
        for (index, target) in targets.enumerated() {
            let top = index * groupHeight
            let blocked = target.blockedReason != nil
            let name = HTMLEscaping.escape(target.name)
            if blocked {
                output.write("<rect class=\"blocked-band\" x=\"0\" y=\"\(top)\" width=\"\(width)\" height=\"\(groupHeight - Self.groupGap / 2)\"/>")
            }
            output.write("<text class=\"target\" x=\"6\" y=\"\(top + 16)\">\(name)</text>")
            if blocked {
                output.write("<text class=\"blocked-label\" x=\"6\" y=\"\(top + 34)\">BLOCKED</text>")
            }
            for (row, column) in target.summary.columns.enumerated() {
                let y = top + row * (Self.barHeight + Self.barGap) + 2
                let length = column.count == 0 ? 0 : max(2, Self.barAreaWidth * column.count / largest)
                output.write("<g class=\"bar \(column.label)\"><title>\(name): \(column.count) \(column.label)</title>")
                output.write("<text class=\"kind\" x=\"\(Self.labelWidth - 6)\" y=\"\(y + Self.barHeight - 3)\">\(column.label)</text>")
                output.write("<rect x=\"\(Self.labelWidth)\" y=\"\(y)\" width=\"\(length)\" height=\"\(Self.barHeight)\"/>")
                output.write("<text class=\"count\" x=\"\(Self.labelWidth + length + 4)\" y=\"\(y + Self.barHeight - 3)\">\(column.count)</text></g>")
            }
        }
        output.write("</svg>")
    }
}
