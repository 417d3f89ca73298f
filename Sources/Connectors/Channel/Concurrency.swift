/// Runs `operation` over `items` with at most `limit` in flight, collecting every result.
func concurrentMap<Item: Sendable, Result: Sendable>(
    _ items: [Item], limit: Int, _ operation: @escaping @Sendable (Item) async -> Result
) async -> [Result] {
    await withTaskGroup(of: Result.self) { group in
        var results: [Result] = []
        results.reserveCapacity(items.count)
        var iterator = items.makeIterator()
        for _ in 0..<max(1, limit) {
            guard let item = iterator.next() else { break }
            group.addTask { await operation(item) }
        }
        while let result = await group.next() {
            results.append(result)
            if let item = iterator.next() { group.addTask { await operation(item) } }
        }
        return results
    }
}

/// Splits `items` into consecutive chunks of at most `size`.
func chunked<Item>(_ items: [Item], size: Int) -> [[Item]] {
    stride(from: 0, to: items.count, by: max(1, size)).map { Array(items[$0..<min($0 + max(1, size), items.count)]) }
}
