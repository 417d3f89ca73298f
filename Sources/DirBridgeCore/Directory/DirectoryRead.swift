/// One whole read of the directory: the users, and the entries that could not be read as users.
package struct DirectoryRead: Sendable {
    package var users: [DirectoryUser]
    package var unreadable: [UnreadableEntry]

    package init(users: [DirectoryUser], unreadable: [UnreadableEntry] = []) {
        self.users = users
        self.unreadable = unreadable
    }
}
