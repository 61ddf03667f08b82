const zh = {
  appTitle: '票据录入助手',
  emptyHint: '还没有票据。把票据图片、PDF 或 OFD 文件拖到这里，或点击“导入”。',
};
export default zh;
