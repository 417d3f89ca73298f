/// One person, one account: users of a target that map to the same unique key value are never
/// synced into one account, and no silent winner is picked. The user whose snapshot already
/// holds the value (he owns the account) keeps it; the others are rejected, each naming the key,
/// the value and the other DNs. With no owner, all of them are rejected until the directory is
/// fixed. Pure.
package enum KeyCollisionRule {
    package static func rejections(
        _ collisions: [KeyCollision], of users: PreparedUsers, vendor: VendorKind, stored: [Anchor: TargetPayload]
    ) -> [Rejection] {
        var rejections: [Rejection] = []
        var rejected: Set<String> = []
        for collision in collisions {
            let folded = collision.value.lowercased()
            let owners = collision.members.filter { position in
                UniqueKeyHashes.text(of: stored[users.anchor(at: position)]?[collision.field])?.lowercased() == folded
            }
            let owner = owners.count == 1 ? owners.first : nil
            for position in collision.members where position != owner {
                let anchor = users.anchor(at: position)
                guard rejected.insert("\(anchor.value)\u{0}\(collision.field)").inserted else { continue }
                let others = collision.members.filter { $0 != position }.map(users.dn(at:))
                let holder = owner.map { " (\(users.dn(at: $0)) already holds the account)" } ?? ""
                rejections.append(Rejection(
                    anchor: anchor, dn: users.dn(at: position), field: collision.field,
                    reason: "\(collision.field) \(collision.value) is also mapped from \(others.joined(separator: "; "))\(holder);"
                        + " \(vendor.displayName) requires it unique, so no two people share one account"))
            }
        }
        return rejections
    }
}
