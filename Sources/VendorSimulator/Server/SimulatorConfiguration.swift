import Foundation

/// Everything that shapes one simulator instance. Vendor rules that the package documentation
/// leaves open are settings here, not constants, so tests can pin them.
package struct SimulatorConfiguration: Sendable {
    /// TCP port on 127.0.0.1; 0 lets the system pick a free one.
    package var port: Int
    package var credentials: SimulatorCredentials
    /// Fault injection at start-up; adjustable later through `POST /_sim/faults`.
    package var faults: FaultSettings
    /// Seed of the fault dice: the same seed and request order give the same faults.
    package var seed: UInt64
    /// Aria Operations auth source ids that exist; imports into any other id get 404.
    package var ariaAuthSourceIds: [String]
    /// Requestor's documented bulk limit.
    package var requestorMaxBatch: Int
    /// Requestor user properties a JSON Patch `Path` may name (case sensitive, without "/").
    package var requestorPatchableProperties: [String]
    /// Requestor's tenant id, echoed as `CustomerId`.
    package var requestorCustomerId: Int
    /// Expoints has no documented limit; the simulator refuses larger batches with 400.
    package var expointsMaxBatch: Int
    /// Expoints role names and their GUIDs, as `GET /external/api/v3/role` lists them.
    package var expointsRoles: [ExpointsRole]
    /// How the simulator answers where the vendors' documents are silent, at start-up;
    /// adjustable later through `POST /_sim/behaviour`.
    package var behaviour: SimulatorBehaviour

    package init(
        port: Int = 0,
        credentials: SimulatorCredentials = SimulatorCredentials(),
        faults: FaultSettings = FaultSettings(),
        seed: UInt64 = 1,
        ariaAuthSourceIds: [String] = [Self.defaultAriaAuthSourceId],
        requestorMaxBatch: Int = 100,
        requestorPatchableProperties: [String] = Self.defaultRequestorPatchableProperties,
        requestorCustomerId: Int = 121,
        expointsMaxBatch: Int = 500,
        expointsRoles: [ExpointsRole] = Self.defaultExpointsRoles,
        behaviour: SimulatorBehaviour = SimulatorBehaviour()
    ) {
        self.port = port
        self.credentials = credentials
        self.faults = faults
        self.seed = seed
        self.ariaAuthSourceIds = ariaAuthSourceIds
        self.requestorMaxBatch = requestorMaxBatch
        self.requestorPatchableProperties = requestorPatchableProperties
        self.requestorCustomerId = requestorCustomerId
        self.expointsMaxBatch = expointsMaxBatch
        self.expointsRoles = expointsRoles
        self.behaviour = behaviour
    }

    package static let defaultAriaAuthSourceId = "8a2c7a56-1f4e-4c55-9d8e-3b1f0e6f2a01"

    package static let defaultRequestorPatchableProperties = [
        "Username", "FirstName", "LastName", "Phone", "MobilePhone", "Title", "Department",
        "Company", "Location", "Language", "TimeZone", "EmployeeNumber", "CostCenter", "Manager", "Disabled",
    ]

    package static let defaultExpointsRoles = [
        ExpointsRole(name: "Employee", id: "3f1c2b9e-6a47-4d1e-8f2a-0b5c7d9e1a01"),
        ExpointsRole(name: "Manager", id: "3f1c2b9e-6a47-4d1e-8f2a-0b5c7d9e1a02"),
        ExpointsRole(name: "Administrator", id: "3f1c2b9e-6a47-4d1e-8f2a-0b5c7d9e1a03"),
    ]
}

/// One Expoints role: display name and GUID.
package struct ExpointsRole: Sendable, Equatable, Codable {
    package var name: String
    package var id: String

    package init(name: String, id: String) {
        self.name = name
        self.id = id
    }
}
