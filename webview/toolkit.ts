// @vscode/webview-ui-toolkit components, registered before any view creates one.
import {
  provideVSCodeDesignSystem,
  vsCodeButton,
  vsCodePanels,
  vsCodePanelTab,
  vsCodePanelView,
  vsCodeRadio,
  vsCodeRadioGroup,
} from "@vscode/webview-ui-toolkit";

export const TOOLKIT_TAGS = ["vscode-panels", "vscode-panel-tab", "vscode-panel-view", "vscode-button", "vscode-radio-group", "vscode-radio"];
provideVSCodeDesignSystem().register(vsCodeButton(), vsCodePanels(), vsCodePanelTab(), vsCodePanelView(), vsCodeRadio(), vsCodeRadioGroup());
