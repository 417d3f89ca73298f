import DirBridgeCore
import DirBridgeSync
import Foundation
import SnapshotStore
import Testing

struct DeltaReadDecisionTests {
    let now = Date(timeIntervalSince1970: 1_800_000_000)

    func cursor(fullReadHoursAgo hours: Double, fingerprint: String = "config-1") -> DirectoryCursor {
        DirectoryCursor(
            source: "ldap://x dc=x", cookie: [1], configurationFingerprint: fingerprint, groupFingerprint: "g",
            fullReadAt: now.addingTimeInterval(-hours * 3600), revisit: [])
    }

    func decide(_ cursor: DirectoryCursor?, forced: Bool = false) -> DeltaReadDecision {
        DeltaReadDecision.decide(
            cursor: cursor, configurationFingerprint: "config-1", now: now, fullReadEvery: .seconds(24 * 3600), forcedWhole: forced)
    }

    @Test func aFreshCursorForTheSameConfigurationIsContinued() {
        let fresh = cursor(fullReadHoursAgo: 3)
        #expect(decide(fresh) == .delta(fresh))
    }

    @Test func everythingElseReadsWholeAndSaysWhyWhenADeltaWasExpected() {
        #expect(decide(nil) == .whole(reason: nil), "a first run has nothing to explain")
        #expect(decide(cursor(fullReadHoursAgo: 3), forced: true) == .whole(reason: "a full read was asked for"))
        guard case .whole(let edited?) = decide(cursor(fullReadHoursAgo: 3, fingerprint: "config-0")) else {
            Issue.record("an edited configuration must read whole")
            return
        }
        #expect(edited.contains("configuration or a mapping changed"))
        guard case .whole(let old?) = decide(cursor(fullReadHoursAgo: 24)) else {
            Issue.record("full_read_every must force a full read")
            return
        }
        #expect(old.contains("full_read_every"))
        guard case .whole(.some) = decide(cursor(fullReadHoursAgo: -1)) else {
            Issue.record("a cursor from the future (a clock jump) must read whole")
            return
        }
    }

    @Test func anAccountExpiryThatPassedSinceTheLastReadForcesAWholeRead() {
        var expiring = cursor(fullReadHoursAgo: 3)
        expiring.nextAccountExpiry = now.addingTimeInterval(60)
        #expect(decide(expiring) == .delta(expiring), "an expiry still ahead lets the delta go on")
        expiring.nextAccountExpiry = now
        guard case .whole(let reason?) = decide(expiring) else {
            Issue.record("an account that expired unseen must be found by a whole read")
            return
        }
        #expect(reason.contains("expired"))
    }
}
