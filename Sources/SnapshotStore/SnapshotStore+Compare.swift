import DirBridgeCore

extension SnapshotStore {
    /// Reads the records whole, then compares them: for stores that hold them anyway.
    package func compare(
        target: String, into comparison: SnapshotComparison
    ) async throws -> SnapshotComparison {
        var comparison = comparison
        for record in try await records(target: target) {
            comparison.add(record)
        }
        return comparison
    }
}
