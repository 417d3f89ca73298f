/// One user's attributes, held compactly: the names (lowercased, in UTF-8 byte order), where each
/// name's values end, and every value in one flat list.
///
/// A dictionary of arrays costs a hash table and an array per attribute, about 1 KB a user: most
/// of what a 100,000-user read holds. Here a user owns one array of values; the names and ends
/// are the same for most users of a read, so the reader hands them all one shared copy
/// (`Layouts`). A dozen names are found faster by comparing them in turn than by hashing.
package struct DirectoryAttributes: Hashable, Sendable {
    private var names: [String]
    /// `values[ends[i - 1] ..< ends[i]]` are the values of `names[i]`.
    private var ends: [Int32]
    private var values: [String]

    /// From names already lowercased (or meant to be taken as they are).
    package init(lowercased dictionary: [String: [String]]) {
        var layouts = Layouts()
        self.init(pairs: dictionary.map { ($0.key, $0.value) }, sharing: &layouts)
    }

    /// From (lowercased name, values) pairs in any order; the values of a name given twice are
    /// joined. `layouts` remembers the last names and ends, reused when the next user's are equal.
    package init(pairs: [(name: String, values: [String])], sharing layouts: inout Layouts) {
        var pairs = pairs
        pairs.sort { CanonicalJSONWriter.utf8Precedes($0.name, $1.name) }
        var names: [String] = []
        var ends: [Int32] = []
        names.reserveCapacity(pairs.count)
        ends.reserveCapacity(pairs.count)
        var values: [String] = []
        values.reserveCapacity(pairs.reduce(0) { $0 + $1.values.count })
        for (name, nameValues) in pairs {
            if names.last == name {
                ends.removeLast()
            } else {
                names.append(name)
            }
            values += nameValues
            ends.append(Int32(values.count))
        }
        if names == layouts.names, ends == layouts.ends {
            names = layouts.names
            ends = layouts.ends
        } else {
            layouts = Layouts(names: names, ends: ends)
        }
        self.names = names
        self.ends = ends
        self.values = values
    }

    /// The names and ends last built by a reader: see the type's documentation.
    package struct Layouts: Sendable {
        fileprivate var names: [String] = []
        fileprivate var ends: [Int32] = []

        package init() {}

        fileprivate init(names: [String], ends: [Int32]) {
            self.names = names
            self.ends = ends
        }
    }

    /// Number of attributes.
    package var count: Int { names.count }

    /// The values of `name` (lowercased), in server order; empty when absent.
    package func values(of name: String) -> ArraySlice<String> {
        guard let index = names.firstIndex(of: name) else { return [] }
        return values[range(at: index)]
    }

    /// The first value of `name` (lowercased), if any.
    package func first(of name: String) -> String? {
        guard let index = names.firstIndex(of: name) else { return nil }
        let range = range(at: index)
        return range.isEmpty ? nil : values[range.lowerBound]
    }

    /// Every attribute, names in UTF-8 byte order (the canonical JSON key order).
    package func forEach(_ body: (_ name: String, _ values: ArraySlice<String>) -> Void) {
        for index in names.indices {
            body(names[index], values[range(at: index)])
        }
    }

    /// The attributes as a dictionary: for callers off the hot path.
    package var dictionary: [String: [String]] {
        var dictionary: [String: [String]] = [:]
        dictionary.reserveCapacity(names.count)
        forEach { dictionary[$0] = Array($1) }
        return dictionary
    }

    private func range(at index: Int) -> Range<Int> {
        (index == 0 ? 0 : Int(ends[index - 1]))..<Int(ends[index])
    }
}
