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
  showDemo: 'tokenTier.showDemo',
  exitDemo: 'tokenTier.exitDemo',
  revealFolder: 'tokenTier.revealFolder',
  openAgentFolder: 'tokenTier.openAgentFolder',
  copyPath: 'tokenTier.copyPath',
  addFolderFor: 'tokenTier.addFolderFor',
} as const;

/** The views of the Token Tier container (package.json `contributes.views`). */
export const VIEWS = {
  panel: 'tokenTier.panel',
  breakdown: 'tokenTier.breakdown',
  sources: 'tokenTier.sources',
} as const;

export const VIEW_ID = VIEWS.panel;
export const CONTAINER_ID = 'tokenTier';
