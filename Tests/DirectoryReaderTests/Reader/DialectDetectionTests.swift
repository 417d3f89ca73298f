import Testing
@testable import DirectoryReader

@Suite struct DialectDetectionTests {
    @Test func activeDirectoryFromAnyOfItsMarkers() {
        #expect(DirectoryDialect.detect(rootDSE: ["forestFunctionality": ["7"]]) == .activeDirectory)
        #expect(DirectoryDialect.detect(rootDSE: ["isGlobalCatalogReady": ["TRUE"]]) == .activeDirectory)
        #expect(DirectoryDialect.detect(rootDSE: ["supportedcapabilities": ["1.2.840.113556.1.4.800"]]) == .activeDirectory)
    }

    @Test func anythingElseIsOpenLDAP() {
        #expect(DirectoryDialect.detect(rootDSE: [:]) == .openLDAP)
        #expect(DirectoryDialect.detect(rootDSE: ["supportedCapabilities": ["1.2.3"]]) == .openLDAP)
    }
}
