/// The transitive closure of group nesting: for each group, every group it is in directly or
/// through any chain of nesting. Cycles (A in B in A) are tolerated: each group is visited once.
///
/// Groups are numbered `0..<count`; `parents[g]` lists the groups that contain `g` directly.
package struct GroupClosure: Sendable, Equatable {
    /// `ancestors[g]`: `g` itself and every group containing it, directly or not, ascending.
    package let ancestors: [[Int]]

    package init(parents: [[Int]]) {
        let count = parents.count
        var ancestors: [[Int]] = []
        ancestors.reserveCapacity(count)
        // One breadth-first walk per group; `visitedBy` holds the group that last visited a
        // node, so the array is never cleared between walks.
        var visitedBy = [Int](repeating: -1, count: count)
        var queue: [Int] = []
        for group in 0..<count {
            queue.removeAll(keepingCapacity: true)
            queue.append(group)
            visitedBy[group] = group
            var head = 0
            while head < queue.count {
                let current = queue[head]
                head += 1
                for parent in parents[current] where parent >= 0 && parent < count && visitedBy[parent] != group {
                    visitedBy[parent] = group
                    queue.append(parent)
                }
            }
            ancestors.append(queue.sorted())
        }
        self.ancestors = ancestors
    }

    /// Every group reached from the direct memberships, ascending, without duplicates.
    package func expand(_ direct: some Sequence<Int>) -> [Int] {
        var reached = Set<Int>()
        for group in direct where group >= 0 && group < ancestors.count {
            if reached.contains(group) { continue }
            reached.formUnion(ancestors[group])
        }
        return reached.sorted()
    }
}
