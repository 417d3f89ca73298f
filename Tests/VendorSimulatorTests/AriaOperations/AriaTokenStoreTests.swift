import Foundation
import Testing
@testable import VendorSimulator

@Suite("Aria token lifetime")
struct AriaTokenStoreTests {
    @Test("a token lives six hours from its last use")
    func slidingExpiry() {
        let store = AriaTokenStore()
        let start = Date(timeIntervalSince1970: 1_000_000)
        let token = store.acquire(now: start).token
        #expect(store.validate(token, now: start.addingTimeInterval(5 * 3600)))
        // Used at +5 h, so still alive at +10 h, but not 6 h after that use.
        #expect(store.validate(token, now: start.addingTimeInterval(10 * 3600)))
        #expect(!store.validate(token, now: start.addingTimeInterval(16 * 3600 + 1)))
        #expect(store.activeCount == 0)
    }

    @Test("a released token is refused")
    func release() {
        let store = AriaTokenStore()
        let token = store.acquire().token
        #expect(store.release(token))
        #expect(!store.validate(token))
        #expect(!store.release(token))
    }
}
