import Foundation
import Testing
@testable import DirBridgeCore

@Suite struct SecretEnvironmentTests {
    @Test func aTakenVariableLeavesTheEnvironmentAndStaysReadable() {
        let name = "DIRBRIDGE_TEST_SECRET_\(UInt32.random(in: 0...UInt32.max))"
        setenv(name, "s3cret", 1)
        SecretEnvironment.take([name])
        #expect(getenv(name) == nil, "a child process started now would not inherit it")
        #expect(ProcessInfo.processInfo.environment[name] == nil)
        #expect(SecretEnvironment.value(name, in: ProcessInfo.processInfo.environment) == "s3cret")
    }
}
