import Testing
@testable import DirectoryReader

@Suite struct AttributeRangeTests {
    @Test func parsesIntermediateAndFinalRanges() {
        #expect(AttributeRange("member;range=0-1499") == AttributeRange(attribute: "member", start: 0, end: 1499))
        #expect(AttributeRange("member;Range=1500-*") == AttributeRange(attribute: "member", start: 1500, end: nil))
    }

    @Test func ignoresDescriptionsWithoutRange() {
        #expect(AttributeRange("member") == nil)
        #expect(AttributeRange("cn;lang-de") == nil)
        #expect(AttributeRange("member;range=x-y") == nil)
    }
}
