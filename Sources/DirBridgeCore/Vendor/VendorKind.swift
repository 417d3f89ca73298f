/// The five import APIs dirbridge knows. The raw value is what a config file names.
public enum VendorKind: String, Sendable, Codable, CaseIterable, Hashable {
    case sertica
    case ariaOperations = "aria-operations"
    case requestor
    case expoints
    case formsOnFire = "forms-on-fire"
}
