import ArgumentParser

@main
struct DirBridge: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dirbridge",
        abstract: "Sync people from an LDAP / Active Directory directory into business applications' user-import APIs.",
        subcommands: [Read.self, Plan.self, Sync.self, Reconcile.self, Run.self, Check.self, History.self, Demo.self]
    )
}
