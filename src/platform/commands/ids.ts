/** Every command id, in one map (declared in package.json `contributes.commands`). */
export const COMMANDS = {
  showPanel: 'tokenTier.showPanel',
  refresh: 'tokenTier.refresh',
  openLog: 'tokenTier.openLog',
  exportDaily: 'tokenTier.exportDaily',
  rebuildLedger: 'tokenTier.rebuildLedger',
  enableReporting: 'tokenTier.enableReporting',
  disableReporting: 'tokenTier.disableReporting',
  setTeamToken: 'tokenTier.setTeamToken',
  showPendingPayload: 'tokenTier.showPendingPayload',
  addLogFolder: 'tokenTier.addLogFolder',
  connectOrgApi: 'tokenTier.connectOrgApi',
  disconnectOrgApi: 'tokenTier.disconnectOrgApi',
  showTeamView: 'tokenTier.showTeamView',
} as const;

export const VIEW_ID = 'tokenTier.panel';
export const CONTAINER_ID = 'tokenTier';
