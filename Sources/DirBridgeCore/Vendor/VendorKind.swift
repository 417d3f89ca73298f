/// The five import APIs dirbridge knows. The raw value is what a config file names.
package enum VendorKind: String, Sendable, Codable, CaseIterable, Hashable {
    case sertica
    case ariaOperations = "aria-operations"
    case requestor
    case expoints
    case formsOnFire = "forms-on-fire"
}

extension VendorKind {
    /// The product's name, as messages to an administrator use it.
    package var displayName: String {
        switch self {
        case .sertica: "Sertica"
        case .ariaOperations: "Aria Operations"
        case .requestor: "Requestor"
        case .expoints: "Expoints"
        case .formsOnFire: "Forms On Fire"
        }
    }
}
