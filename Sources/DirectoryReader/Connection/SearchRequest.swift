/// One search: where, how deep, what, and which attributes to return.
struct SearchRequest: Sendable {
    var baseDN: String
    var scope: SearchScope
    var filter: String
    var attributes: [String]
    /// Entries per page; `nil` sends no paged-results control.
    var pageSize: Int?
}
