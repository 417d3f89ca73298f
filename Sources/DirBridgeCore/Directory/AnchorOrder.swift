#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Anchors in byte order (their UTF-8, a prefix before its extensions: SQLite's BINARY
/// collation), each with the position it was given at.
///
/// A store streams a target's rows `ORDER BY anchor`. Matched to the users through a
/// ``Cursor`` that moves forward with the rows, each row costs a comparison or two with the
/// anchor next in line instead of hashing its anchor and probing a table at random: both sides
/// are read in order (the table lookups were a quarter of a quiet run's planning). Rows out of
/// order are still matched, by binary search.
package struct AnchorOrder: Sendable {
    /// Positions in anchor order; equal anchors in position order.
    private let positions: [Int32]
    /// The anchors' UTF-8 in anchor order, anchor `i` ending at `ends[i]`: compared in place.
    private let bytes: [UInt8]
    private let ends: [Int32]
    /// The positions of each anchor given more than once (rare: the diff refuses them).
    package let repeated: [[Int]]
    /// Every position of `repeated` but the last of each.
    private let shadowed: Set<Int>
    /// Built from users: their DNs and enabled flags in anchor order too. A quiet run compares
    /// each stored row, in anchor order, with its user; a directory hands out its anchors in no
    /// order, so fetching the user where he sits cost several cache misses per row, most of that
    /// comparison's time (``soleUser(of:dn:cursor:)``).
    private let users: OrderedUsers?

    private struct OrderedUsers: Sendable {
        /// The DNs themselves (shared with the users, not copied): one read of a DN's storage
        /// instead of a walk through the user holding it.
        var dns: [String] = []
        var enabled: [Bool] = []
        /// The rank in anchor order of each position: what is kept by rank is found by position.
        var rankOfPosition: [Int32] = []
    }

    /// Where a reader of ordered anchors is: matching in order costs a comparison or two each.
    package struct Cursor: Sendable {
        fileprivate var next = 0

        package init() {}
    }

    /// The order of `count` anchors, `anchor(i)` given at position `i`.
    package init(count: Int, anchor: (Int) -> Anchor) {
        self.init(count: count, anchor: anchor, users: nil)
    }

    /// The order of the users' anchors, each at its index in `users`, with their DNs and flags.
    package init(_ users: [DirectoryUser]) {
        self.init(count: users.count, anchor: { users[$0].anchor }, users: users)
    }

    private init(count: Int, anchor: (Int) -> Anchor, users: [DirectoryUser]?) {
        var given: [UInt8] = []
        var givenEnds: [Int] = []
        givenEnds.reserveCapacity(count)
        for position in 0..<count {
            var value = anchor(position).value
            value.withUTF8 { given.append(contentsOf: $0) }
            givenEnds.append(given.count)
        }
        func range(_ position: Int32) -> Range<Int> {
            (position == 0 ? 0 : givenEnds[Int(position) - 1])..<givenEnds[Int(position)]
        }
        var order = (0..<count).map { Int32($0) }
        given.withUnsafeBytes { raw in
            func utf8(_ position: Int32) -> UnsafeRawBufferPointer { UnsafeRawBufferPointer(rebasing: raw[range(position)]) }
            order.sort { left, right in
                let sign = Self.compare(utf8(left), utf8(right))
                return sign != 0 ? sign < 0 : left < right
            }
        }
        var sorted: [UInt8] = []
        sorted.reserveCapacity(given.count)
        var ends: [Int32] = []
        ends.reserveCapacity(count)
        var repeated: [[Int]] = []
        var run: [Int] = []
        var previous: Range<Int>?
        for position in order {
            let current = range(position)
            if let previous, given[previous] != given[current] {
                if run.count > 1 { repeated.append(run) }
                run = []
            }
            run.append(Int(position))
            previous = current
            sorted.append(contentsOf: given[current])
            ends.append(Int32(sorted.count))
        }
        if run.count > 1 { repeated.append(run) }
        positions = order
        bytes = sorted
        self.ends = ends
        self.repeated = repeated
        shadowed = Set(repeated.flatMap { $0.dropLast() })
        self.users = users.map { users in
            var ordered = OrderedUsers()
            ordered.dns.reserveCapacity(count)
            ordered.enabled.reserveCapacity(count)
            ordered.rankOfPosition = [Int32](repeating: 0, count: count)
            for (rank, position) in order.enumerated() {
                ordered.rankOfPosition[Int(position)] = Int32(rank)
                ordered.dns.append(users[Int(position)].dn)
                ordered.enabled.append(users[Int(position)].enabled)
            }
            return ordered
        }
    }

    package var count: Int { positions.count }

    /// Whether a later position holds `position`'s anchor too.
    package func isShadowed(_ position: Int) -> Bool {
        !shadowed.isEmpty && shadowed.contains(position)
    }

    /// Where this order holds its users (built from them): the one position holding `anchor`, and
    /// whether that user is enabled with DN `dn` (both UTF-8). nil when no position or several
    /// hold it, or the order holds no users. Rows met in anchor order read the users in the same
    /// order, side by side.
    package func soleUser(
        of anchor: UnsafeRawBufferPointer, dn: UnsafeRawBufferPointer, cursor: inout Cursor
    ) -> (position: Int, isEnabledWithDN: Bool)? {
        guard let users else { return nil }
        let found = matches(of: anchor, cursor: &cursor)
        guard found.count == 1 else { return nil }
        let rank = found.lowerBound
        guard users.enabled[rank] else { return (Int(positions[rank]), false) }
        let same = users.dns[rank].utf8.withContiguousStorageIfAvailable { Self.compare(UnsafeRawBufferPointer($0), dn) == 0 }
            ?? users.dns[rank].utf8.elementsEqual(dn)
        return (Int(positions[rank]), same)
    }

    /// The position of the anchor at `rank` in anchor order.
    package func position(atRank rank: Int) -> Int {
        Int(positions[rank])
    }

    /// The rank in anchor order of `position`; only for an order built from users.
    package func rank(ofPosition position: Int) -> Int {
        guard let users else { preconditionFailure("ranks by position are kept for an order built from users") }
        return Int(users.rankOfPosition[position])
    }

    /// The last position holding `anchor` (its UTF-8) and its rank in anchor order, or nil.
    package func lastMatch(of anchor: UnsafeRawBufferPointer, cursor: inout Cursor) -> (rank: Int, position: Int)? {
        let found = matches(of: anchor, cursor: &cursor)
        return found.isEmpty ? nil : (found.upperBound - 1, Int(positions[found.upperBound - 1]))
    }

    /// Calls `body` with each position holding `anchor` (its UTF-8), in position order.
    package func forEachPosition(of anchor: UnsafeRawBufferPointer, cursor: inout Cursor, _ body: (Int) -> Void) {
        for index in matches(of: anchor, cursor: &cursor) { body(Int(positions[index])) }
    }

    /// The indices (in anchor order) holding `anchor`.
    private func matches(of anchor: UnsafeRawBufferPointer, cursor: inout Cursor) -> Range<Int> {
        bytes.withUnsafeBytes { raw in
            ends.withUnsafeBufferPointer { ends in
                func sign(_ index: Int) -> Int {
                    let start = index == 0 ? 0 : Int(ends[index - 1])
                    return Self.compare(UnsafeRawBufferPointer(rebasing: raw[start..<Int(ends[index])]), anchor)
                }
                let lower = Self.lowerBound(count: ends.count, from: cursor.next, sign: sign)
                cursor.next = lower
                var upper = lower
                while upper < ends.count, sign(upper) == 0 { upper += 1 }
                return lower..<upper
            }
        }
    }

    /// The first index whose anchor is not below the sought one (`sign(i)`: the sign of anchor
    /// `i` against it), searched from `hint` outwards: at `hint` or just after in a merge.
    private static func lowerBound(count: Int, from hint: Int, sign: (Int) -> Int) -> Int {
        var low = 0
        var high = count
        if hint < count, sign(hint) < 0 {
            // Gallop forward: 1, 2, 4 … past the hint.
            var step = 1
            low = hint + 1
            while hint + step < count, sign(hint + step) < 0 {
                low = hint + step + 1
                step *= 2
            }
            high = min(hint + step, count)
        } else {
            if hint == 0 || sign(hint - 1) < 0 { return hint }
            high = hint - 1
        }
        while low < high {
            let middle = (low + high) / 2
            if sign(middle) < 0 { low = middle + 1 } else { high = middle }
        }
        return low
    }

    /// memcmp order, a prefix first: SQLite's BINARY collation.
    private static func compare(_ left: UnsafeRawBufferPointer, _ right: UnsafeRawBufferPointer) -> Int {
        let common = min(left.count, right.count)
        if common > 0, let leftBase = left.baseAddress, let rightBase = right.baseAddress {
            let sign = memcmp(leftBase, rightBase, common)
            if sign != 0 { return sign < 0 ? -1 : 1 }
        }
        return left.count == right.count ? 0 : (left.count < right.count ? -1 : 1)
    }
}
