import ArgumentParser

@main
struct DirBridge: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dirbridge",
        abstract: "Sync people from an LDAP / Active Directory directory into business applications' user-import APIs.",
        subcommands: [
            Read.self, Plan.self, Sync.self, Reconcile.self, Run.self, Check.self, Probe.self, History.self, Issues.self, Release.self, Demo.self,
        ]
    )

    /// ArgumentParser's entry point, with the process hardened and its heap set up before any command runs.
    static func main() async {
        ProcessHardening.apply()
        ProcessMemory.apply()
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            exit(withError: error)
        }
    }
}
