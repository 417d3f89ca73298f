import Foundation

extension Duration {
    /// `4.2 s`: one decimal, for lines an administrator reads.
    package var secondsText: String {
        let (seconds, attoseconds) = components
        let value = Double(seconds) + Double(attoseconds) / 1e18
        return value.formatted(.number.precision(.fractionLength(1))) + " s"
    }
}
