import DirBridgeCore
import Hummingbird
import Logging
import NIOCore

/// A local HTTP server that behaves like the five vendors' user-import endpoints, strictly,
/// with fault injection and a state dump for tests, benchmarks and the demo.
///
/// Vendor base URLs are `http://127.0.0.1:PORT/{sertica,aria,requestor,expoints,formsonfire}`;
/// `/_sim/state`, `/_sim/reset`, `/_sim/faults`, `/_sim/behaviour` and `/_sim/accounts` control
/// the simulator.
package struct VendorSimulator: Sendable {
    /// The path prefix each vendor is served under.
    package static let pathPrefixes: [VendorKind: String] = [
        .sertica: "sertica", .ariaOperations: "aria", .requestor: "requestor",
        .expoints: "expoints", .formsOnFire: "formsonfire",
    ]

    /// The base URL of `vendor` on a simulator listening on `port`.
    package static func baseURL(of vendor: VendorKind, port: Int) -> String {
        "http://127.0.0.1:\(port)/\(pathPrefixes[vendor]!)"
    }

    package let configuration: SimulatorConfiguration
    private let logger: Logger
    private let state: SimulatorState
    private let injector: FaultInjector
    private let behaviour: LiveBehaviour

    /// Throws `FaultSettings.InvalidSetting` or `SimulatorBehaviour.InvalidSwitch`.
    package init(configuration: SimulatorConfiguration, logger: Logger) throws {
        self.configuration = configuration
        self.logger = logger
        state = SimulatorState(expointsRoles: configuration.expointsRoles)
        injector = FaultInjector(settings: try configuration.faults.validated(), seed: configuration.seed)
        behaviour = LiveBehaviour(try configuration.behaviour.validated())
    }

    /// The Hummingbird application, bound to 127.0.0.1 on the configured port.
    /// `onListening` receives the port actually bound (useful with port 0).
    package func makeApplication(
        onListening: @escaping @Sendable (Int) async -> Void = { _ in }
    ) -> some ApplicationProtocol {
        Application(
            router: makeRouter(),
            configuration: .init(address: .hostname("127.0.0.1", port: configuration.port), serverName: "dirbridge-vendorsim"),
            onServerRunning: { channel in await onListening(channel.localAddress?.port ?? configuration.port) },
            logger: logger
        )
    }

    func makeRouter() -> Router<SimulatorRequestContext> {
        let router = Router(context: SimulatorRequestContext.self)
        ControlRoutes(
            simulator: state, injector: injector, behaviour: behaviour,
            ariaSourceId: configuration.ariaAuthSourceIds.first ?? SimulatorConfiguration.defaultAriaAuthSourceId
        ).register(on: router)
        let counters = state.counters
        func vendorGroup(_ vendor: VendorKind) -> RouterGroup<SimulatorRequestContext> {
            let group = router.group(RouterPath(Self.pathPrefixes[vendor]!))
                .add(middleware: RequestCounterMiddleware(counters: counters))
                .add(middleware: FaultMiddleware(injector: injector, counters: counters))
            // Aria's documents spell its properties in camelCase already.
            return vendor == .ariaOperations ? group : group.add(middleware: JSONKeyStyleMiddleware(behaviour: behaviour))
        }
        let credentials = configuration.credentials
        SerticaRoutes(credentials: credentials.sertica, store: state.sertica, counters: counters, behaviour: behaviour)
            .register(on: vendorGroup(.sertica))
        AriaRoutes(
            credentials: credentials.ariaOperations, authSourceIds: Set(configuration.ariaAuthSourceIds),
            tokens: state.ariaTokens, users: state.ariaUsers, counters: counters, behaviour: behaviour
        ).register(on: vendorGroup(.ariaOperations))
        RequestorRoutes(
            credentials: credentials, maxBatch: configuration.requestorMaxBatch,
            patchableProperties: Set(configuration.requestorPatchableProperties),
            customerId: configuration.requestorCustomerId, store: state.requestor, counters: counters,
            behaviour: behaviour, shuffler: ResultShuffler(seed: configuration.seed)
        ).register(on: vendorGroup(.requestor))
        ExpointsRoutes(
            token: credentials.expoints.bearerToken, maxBatch: configuration.expointsMaxBatch,
            roles: configuration.expointsRoles, store: state.expoints, counters: counters, behaviour: behaviour
        ).register(on: vendorGroup(.expoints))
        FormsOnFireRoutes(
            credentials: credentials.formsOnFire, store: state.formsOnFire, counters: counters, behaviour: behaviour
        ).register(on: vendorGroup(.formsOnFire))
        return router
    }
}
