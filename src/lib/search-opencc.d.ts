/** OpenCC's traditional → simplified character table ("繁 简|…"), shipped by opencc-js without types. */
declare module 'opencc-js/dict/TSCharacters' {
  const table: string;
  export default table;
}
