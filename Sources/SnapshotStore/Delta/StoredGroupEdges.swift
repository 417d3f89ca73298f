import DirBridgeCore
import Foundation

/// How a group's edges are kept in `directory_group.edges`, whatever the backend: a canonical
/// JSON list of strings, so both stores write and read the same text.
package enum StoredGroupEdges {
    package static func encode(_ edges: [String]) -> String {
        FieldValue.list(edges.map(FieldValue.string)).canonicalJSON
    }

    /// - Throws: ``SnapshotStoreError`` (`invalidData`) naming the group when the text is not a list of strings.
    package static func decode(_ text: String, group: String, source: String, path: String) throws -> [String] {
        guard let list = try? JSONDecoder().decode([String].self, from: Data(text.utf8)) else {
            throw SnapshotStoreError(code: .invalidData, path: path, message: "group \(group) of \(source): edges are not a JSON list")
        }
        return list
    }
}
