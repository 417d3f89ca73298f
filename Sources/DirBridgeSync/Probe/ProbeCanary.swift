import DirBridgeCore
import Foundation

/// The one test user a probe creates, changes and removes. Every request of a probe carries
/// only this identity, so nothing it sends can reach a real person's account.
package struct ProbeCanary: Sendable, Hashable {
    /// Login name (uid / sAMAccountName): `dirbridge-probe-<8 hex>` unless given.
    package var name: String
    /// `<name>@probe.invalid` unless given: `.invalid` never delivers, so a vendor that sends an
    /// invitation (Forms On Fire) reaches nobody.
    package var mail: String
    /// `probe-<uuid>`: what a directory's entryUUID would be, so vendors that keep the anchor
    /// as an external id (Requestor, Forms On Fire) get one of the usual length.
    package var anchor: Anchor
    package var dn: String
    /// For mappings keyed by an employee number (Sertica's UserNo, at most 20 characters).
    package var number: String

    /// A canary with a fresh random name, or the given name and mail.
    package init(name: String? = nil, mail: String? = nil, baseDN: String) {
        let uuid = UUID().uuidString.lowercased()
        let tag = String(uuid.filter(\.isHexDigit).prefix(8))
        self.name = name ?? "dirbridge-probe-\(tag)"
        self.mail = mail ?? "\(self.name)@probe.invalid"
        anchor = Anchor("probe-\(uuid)")
        dn = "uid=\(self.name),\(baseDN)"
        number = "probe-\(tag)"
    }

    /// The canary as the directory would describe it, with `title`: what the target's mapping
    /// turns into the payload a sync would send.
    package func directoryUser(title: String) -> DirectoryUser {
        DirectoryUser(
            anchor: anchor, dn: dn, enabled: true,
            attributes: [
                "uid": [name], "sAMAccountName": [name], "userPrincipalName": [mail], "mail": [mail],
                "givenName": ["dirbridge"], "sn": ["probe"], "cn": ["dirbridge probe \(name)"],
                "displayName": ["dirbridge probe \(name)"], "title": [title], "employeeNumber": [number],
            ],
            groups: [])
    }
}
