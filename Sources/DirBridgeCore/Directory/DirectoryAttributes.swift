/// One user's attributes, held compactly: the names (lowercased, in UTF-8 byte order), where each
/// name's values end, and every value in one flat list.
///
/// A dictionary of arrays costs a hash table and an array per attribute, about 1 KB a user: most
/// of what a 100,000-user read holds. Here a user owns one array of values; the names and ends
/// are the same for most users of a read, so the reader (`Builder`) hands them all one shared
/// copy. A dozen names are found faster by comparing them in turn than by hashing.
package struct DirectoryAttributes: Hashable, Sendable {
    private var names: [String]
    /// `values[ends[i - 1] ..< ends[i]]` are the values of `names[i]`.
    private var ends: [Int32]
    private var values: [String]

    /// From names already lowercased (or meant to be taken as they are).
    package init(lowercased dictionary: [String: [String]]) {
        var builder = Builder()
        builder.begin()
        for (name, values) in dictionary {
            builder.attribute(name)
            for value in values { builder.append(value) }
        }
        self = builder.build()
    }

    /// Builds one user's attributes after another from names and values in server order: what
    /// a reader does per user. A server sends a search's attributes in the same order entry after
    /// entry, so their UTF-8 order is worked out once per order seen, not sorted per user, and
    /// values go straight into the user's one array.
    package struct Builder: Sendable {
        /// The current user's names and value counts in server order, and his values.
        private var names: [String] = []
        private var counts: [Int] = []
        private var values: [String] = []
        /// The server order the last permutation was worked out for, and that permutation:
        /// positions in server order, sorted by name (stable: a name given twice keeps its
        /// values in server order).
        private var orderedFor: [String] = []
        private var order: [Int] = []
        private var starts: [Int] = []
        /// The names and ends last built, handed on to the next user whose are equal, and the
        /// value counts (in `orderedFor`'s order) they were built from.
        private var lastNames: [String] = []
        private var lastEnds: [Int32] = []
        private var lastCounts: [Int]?

        package init() {}

        /// Starts the next user's attributes.
        package mutating func begin() {
            names.removeAll(keepingCapacity: true)
            counts.removeAll(keepingCapacity: true)
            values.removeAll(keepingCapacity: true)
        }

        /// Starts attribute `name` (lowercased); its values follow with ``append(_:)``.
        package mutating func attribute(_ name: String) {
            names.append(name)
            counts.append(0)
        }

        package mutating func append(_ value: String) {
            values.append(value)
            counts[counts.count - 1] += 1
        }

        /// The attributes given since ``begin()``.
        package mutating func build() -> DirectoryAttributes {
            if names != orderedFor {
                order = names.indices.sorted { CanonicalJSONWriter.utf8Precedes(names[$0], names[$1]) }
                orderedFor = names
                lastCounts = nil
            }
            starts.removeAll(keepingCapacity: true)
            var start = 0
            for count in counts {
                starts.append(start)
                start += count
            }
            var sortedValues: [String] = []
            sortedValues.reserveCapacity(values.count)
            for position in order {
                sortedValues += values[starts[position]..<(starts[position] + counts[position])]
            }
            // Names and ends follow from the order and the value counts: worked out again only
            // when the counts differ from the last user's.
            if counts != lastCounts {
                var sortedNames: [String] = []
                var ends: [Int32] = []
                sortedNames.reserveCapacity(names.count)
                ends.reserveCapacity(names.count)
                var end = 0
                for position in order {
                    end += counts[position]
                    if sortedNames.last == names[position] {
                        ends.removeLast()
                    } else {
                        sortedNames.append(names[position])
                    }
                    ends.append(Int32(end))
                }
                if sortedNames != lastNames || ends != lastEnds {
                    lastNames = sortedNames
                    lastEnds = ends
                }
                lastCounts = counts
            }
            return DirectoryAttributes(names: lastNames, ends: lastEnds, values: sortedValues)
        }
    }

    private init(names: [String], ends: [Int32], values: [String]) {
        self.names = names
        self.ends = ends
        self.values = values
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

    /// Appends the attributes' part of a user's digest encoding (``DirectoryDigests``): their
    /// count, then each name, its value count and values. Walks the arrays in place: through
    /// ``forEach(_:)`` every name and slice handed out is retained and released.
    func appendDigestEncoding(to bytes: inout [UInt8]) {
        DirectoryDigests.append(count: names.count, to: &bytes)
        names.withUnsafeBufferPointer { names in
            values.withUnsafeBufferPointer { values in
                var start = 0
                for index in names.indices {
                    let end = Int(ends[index])
                    DirectoryDigests.append(text: names[index], to: &bytes)
                    DirectoryDigests.append(count: end - start, to: &bytes)
                    for value in start..<end { DirectoryDigests.append(text: values[value], to: &bytes) }
                    start = end
                }
            }
        }
    }

    private func range(at index: Int) -> Range<Int> {
        (index == 0 ? 0 : Int(ends[index - 1]))..<Int(ends[index])
    }
}
