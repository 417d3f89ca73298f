import LocalServers
import Testing

/// The tool runner the demo and the tests start openssl, slapadd and ldapadd with.
struct ProcessRunnerTests {
    @Test func returnsWhatTheToolPrintedAndFeedsItsInput() async throws {
        #expect(try await ProcessRunner.run("/bin/sh", ["-c", "tr a-z A-Z"], input: "dirbridge\n") == "DIRBRIDGE\n")
    }

    @Test func aFailingToolThrowsItsStatusAndWhatItSaidOnStandardError() async throws {
        let failure = await #expect(throws: ProcessRunner.Failure.self) {
            try await ProcessRunner.run("/bin/sh", ["-c", "echo 'no such entry' >&2; exit 32"])
        }
        #expect(failure?.status == 32)
        #expect(failure?.output == "no such entry\n")
        #expect(failure?.command == "/bin/sh -c echo 'no such entry' >&2; exit 32")
    }
}
