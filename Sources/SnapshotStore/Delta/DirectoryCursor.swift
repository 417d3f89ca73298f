import DirBridgeCore
import Foundation

/// Where the last complete sync left the directory, so that the next run can read only what
/// changed since (RFC 4533 content synchronisation, or AD's DirSync) instead of every user.
///
/// It is written only after a run that brought every configured target up to date with what it
/// read; otherwise the previous cursor stays, and the next delta asks again for everything since
/// then. Anything that could make a delta's plan differ from a full read's (another config or
/// mapping, a changed group structure) is caught by comparing the fingerprints, and forces a
/// full read.
package struct DirectoryCursor: Sendable, Hashable {
    /// The directory this cursor belongs to (server URL and base DN).
    package var source: String
    /// The server's synchronisation cookie, opaque to dirbridge.
    package var cookie: [UInt8]
    /// Digest of the configuration and the mappings the run used.
    package var configurationFingerprint: String
    /// Digest of every group and its members as read (groups are read whole each run).
    package var groupFingerprint: String
    /// When the directory was last read whole: `full_read_every` counts from here.
    package var fullReadAt: Date
    /// Users that must be read again even if the directory does not report them changed: those
    /// a target rejected (a rejection is re-evaluated every run, as a full read would).
    package var revisit: [Anchor]
    /// The earliest account expiry still ahead when the directory was read: once it passes, a
    /// user is disabled without any change the server could report, so the next run reads whole.
    package var nextAccountExpiry: Date?

    package init(
        source: String, cookie: [UInt8], configurationFingerprint: String, groupFingerprint: String, fullReadAt: Date,
        revisit: [Anchor], nextAccountExpiry: Date? = nil
    ) {
        self.source = source
        self.cookie = cookie
        self.configurationFingerprint = configurationFingerprint
        self.groupFingerprint = groupFingerprint
        self.fullReadAt = fullReadAt
        self.revisit = revisit
        self.nextAccountExpiry = nextAccountExpiry
    }
}
