import DirBridgeSync
import ArgumentParser
import DirBridgeConfig
import DirBridgeCore
import DirectoryReader
import Foundation
import Reports
import SnapshotStore

extension ReportFormat: ExpressibleByArgument {}

extension DirBridge {
    /// What a sync would change, per target, without sending anything.
    struct Plan: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Preview what a sync would change (nothing is sent).",
            discussion: "Reads the directory, compares it with the snapshot and renders the plan. With --output, the report goes to the file and a short summary to standard output.")

        @OptionGroup var options: ConfigOptions
        @OptionGroup var global: GlobalOptions

        @Option(help: "Report format: text, json, csv or html.")
        var format: ReportFormat = .text

        @Option(help: ArgumentHelp("Write the report to this file instead of standard output.", valueName: "path"))
        var output: String?

        @Option(help: ArgumentHelp("Plan only this target.", valueName: "name"))
        var target: String?

        @Flag(help: "List the vendor's accounts no directory user owns on every target, not only on a target's first plan.")
        var rematch = false

        @Flag(help: "Skip the match report: no lookups at the vendors, existing accounts are not shown.")
        var noMatch = false

        func validate() throws {
            if rematch && noMatch { throw ValidationError("--rematch and --no-match exclude each other.") }
        }

        func run() async throws {
            let logger = global.logger("dirbridge.plan")
            let configuration = try options.load()
            let targets = try configuration.targets(named: target)
            let store = try await configuration.store.open(logger: logger)
            let read = try await LDAPDirectorySource(configuration: configuration, logger: logger).users(showingProgress: global.showsProgress)
            var plan = try await PlanBuilder(
                configuration: configuration, store: store, users: read.users, unreadable: read.unreadable, logger: logger)
                .plan(targets: targets)
            if !noMatch {
                // Reads only (lookups): existing accounts show as adopt before any sync takes them over.
                plan = try await AccountMatcher(store: store, concurrency: 8, logger: logger)
                    .match(plan, targets: targets, listUnmanaged: rematch)
            }
            var report = PlanReport(
                plan: plan, targets: targets,
                sourceDescription: "\(configuration.configuration.source.url) — \(read.users.count) users read (config \(configuration.path))")
            if format == .json {
                // Sealed so that `sync --plan` applies exactly this plan, for this config and store.
                report.review = PlanReview(
                    configDigest: try ReviewedPlan.digest(ofFile: configuration.path), storePath: configuration.storeLocation,
                    createdAt: report.generatedAt.formatted(.iso8601))
            }

            if let output {
                var file = try BufferedOutput.file(atPath: output)
                format.renderer.render(report, to: &file)
                try file.close()
                let stdout = BufferedOutput.standardOutput()
                PlanSummaryLines(plan: plan).write(to: stdout)
                stdout.write("\(format.rawValue.uppercased()) report written to \(output)\n")
                try stdout.close()
            } else {
                var stdout = BufferedOutput.standardOutput()
                format.renderer.render(report, to: &stdout)
                try stdout.close()
            }
        }
    }
}
