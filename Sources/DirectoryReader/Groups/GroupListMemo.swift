/// Users with the same direct groups get the same group list: one array shared by all of them.
/// A read otherwise built, sorted and held a list of three or four group DNs for each user in
/// more than one group: about 5 MB and 64,000 allocations of a 100,000-user read.
struct GroupListMemo {
    /// Sorted distinct direct groups → the groups reached from them, as `GroupIndex` names them.
    private var lists: [[Int]: [String]] = [:]
    /// Beyond this many distinct sets of direct groups, lists are built per user again: the
    /// memo never holds more than a few thousand lists, whatever the directory.
    static let capacity = 4_096

    /// `index.names(reachedFrom: direct)`, shared with every earlier user of the same groups.
    mutating func names(reachedFrom direct: [Int], in index: GroupIndex) -> [String] {
        // None or one direct group: the index hands out a list it holds already.
        guard direct.count > 1 else { return index.names(reachedFrom: direct) }
        var key = direct.sorted()
        key.removeDuplicates()
        if let list = lists[key] { return list }
        let list = index.names(reachedFrom: key)
        if lists.count < Self.capacity { lists[key] = list }
        return list
    }
}

extension Array where Element: Equatable {
    /// Removes each element equal to the one before it (in a sorted array: every duplicate).
    fileprivate mutating func removeDuplicates() {
        var kept = 0
        for index in indices where kept == 0 || self[index] != self[kept - 1] {
            self[kept] = self[index]
            kept += 1
        }
        removeLast(count - kept)
    }
}
