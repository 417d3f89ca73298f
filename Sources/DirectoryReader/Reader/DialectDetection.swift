extension DirectoryDialect {
    /// AD's LDAP_CAP_ACTIVE_DIRECTORY_OID, advertised in the root DSE's supportedCapabilities.
    static let activeDirectoryCapability = "1.2.840.113556.1.4.800"

    /// Root DSE attributes that tell the dialect apart.
    static let detectionAttributes = ["forestFunctionality", "isGlobalCatalogReady", "supportedCapabilities"]

    /// Decides the dialect from root DSE attributes (names matched case-insensitively):
    /// Active Directory (and Samba AD) advertise forest functionality, global-catalog readiness
    /// or the AD capability OID; anything else is treated as OpenLDAP.
    static func detect(rootDSE: [String: [String]]) -> DirectoryDialect {
        let attributes = Dictionary(rootDSE.map { ($0.key.lowercased(), $0.value) }, uniquingKeysWith: +)
        if attributes["forestfunctionality"] != nil || attributes["isglobalcatalogready"] != nil
            || (attributes["supportedcapabilities"] ?? []).contains(activeDirectoryCapability) {
            return .activeDirectory
        }
        return .openLDAP
    }
}
