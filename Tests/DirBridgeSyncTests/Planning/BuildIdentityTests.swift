import Foundation
import Testing

@testable import DirBridgeSync

@Suite struct BuildIdentityTests {
    /// An identity that fell back to a random value would make every run map everyone again.
    @Test func theRunningExecutableIsIdentifiedBySizeAndModificationTime() throws {
        let identity = BuildIdentity.current
        #expect(UUID(uuidString: identity) == nil, "the executable could not be identified: \(identity)")
        let path = try #require(Bundle.main.executablePath)
        let size = try #require(try FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber)
        #expect(identity.hasPrefix("\(size.int64Value)-"))
        #expect(BuildIdentity.current == identity, "stable within a process")
    }
}
