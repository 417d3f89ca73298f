import ArgumentParser

@main
struct DirBridgeBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dirbridge-bench",
        abstract: "Measure dirbridge against reference tools on generated data.",
        subcommands: [ReadBenchmark.self, ReaderChild.self]
    )
}
