import DirBridgeSync
import Foundation
import DirBridgeCore

/// A fixed-width text table of directory users for people to read.
struct UserTable {
    let users: [DirectoryUser]

    func render() -> String {
        let header = ["ANCHOR", "ENABLED", "DN", "GROUPS", "ATTRIBUTES"]
        let rows = users.map { user in
            // Directory values reach a terminal: neutralised so an entry cannot drive it.
            [
                user.anchor.value,
                user.enabled ? "yes" : "no",
                user.dn,
                String(user.groups.count),
                user.attributes.keys.sorted().map { "\($0)=\(user.attributes[$0]!.joined(separator: "|"))" }.joined(separator: " "),
            ].map(TerminalText.singleLine)
        }
        let widths = header.indices.map { column in
            ([header] + rows).map { $0[column].count }.max() ?? 0
        }
        var text = ""
        for row in [header] + rows {
            let cells = row.indices.map { column in
                column == row.count - 1 ? row[column] : row[column].padding(toLength: widths[column], withPad: " ", startingAt: 0)
            }
            text += cells.joined(separator: "  ") + "\n"
        }
        text += "\(users.count) users\n"
        return text
    }
}
