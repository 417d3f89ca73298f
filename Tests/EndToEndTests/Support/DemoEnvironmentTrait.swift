import LocalServers
import Testing

/// An end-to-end test's private slapd and vendor simulator: started before the test, stopped
/// after it — pass, fail or throw — and the stop is awaited, so no server outlives its test.
struct DemoEnvironmentTrait: TestTrait, TestScoping {
    var organisation: DemoOrganisation
    var simulatorArguments: [String] = []
    var certificateDays = 365

    @TaskLocal static var current: DemoEnvironment?

    func provideScope(
        for test: Test, testCase: Test.Case?, performing function: @Sendable () async throws -> Void
    ) async throws {
        try await DemoEnvironment.with(
            organisation: organisation, simulatorArguments: simulatorArguments, certificateDays: certificateDays
        ) { environment in
            try await Self.$current.withValue(environment) { try await function() }
        }
    }
}

extension Trait where Self == DemoEnvironmentTrait {
    /// A ``DemoEnvironment`` with `users` people for this test, as ``DemoEnvironment/forTest``.
    static func demoEnvironment(users: Int, simulator: [String] = [], certificateDays: Int = 365) -> Self {
        DemoEnvironmentTrait(
            organisation: DemoOrganisation(userCount: users), simulatorArguments: simulator, certificateDays: certificateDays)
    }
}

extension DemoEnvironment {
    struct MissingTrait: Error, CustomStringConvertible {
        var description: String { "the test has no .demoEnvironment trait" }
    }

    /// The environment the test's `.demoEnvironment(…)` trait started.
    static var forTest: DemoEnvironment {
        get throws {
            guard let environment = DemoEnvironmentTrait.current else { throw MissingTrait() }
            return environment
        }
    }
}
