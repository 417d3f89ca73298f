import DirBridgeCore

extension SyncAction {
    /// The same user sent as new: for an update or re-import whose stored vendor id the vendor
    /// proved it no longer holds (deleted at deprovisioning or by hand).
    var asCreate: SyncAction {
        var create = self
        create.kind = .create
        create.vendorId = nil
        return create
    }
}
