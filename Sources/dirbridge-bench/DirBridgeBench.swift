import ArgumentParser

/// Benchmarks of dirbridge's parts against local servers; each subcommand prints its figures.
@main
struct DirBridgeBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dirbridge-bench",
        abstract: "Measure dirbridge's components against local servers and reference tools.",
        subcommands: [
            CapacityBenchmark.self,
            ReadBenchmark.self, ReaderChild.self, Transport.self, Vendors.self, PlanBenchmark.self, PlanSnapshotChild.self,
            SyncBenchmark.self, StoreBenchmark.self, DispatchBenchmark.self, ReportsBenchmark.self,
        ]
    )
}
