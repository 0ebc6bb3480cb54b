// Encodes test text as GB18030, the way Chinese systems export it (Node can decode it, not encode it).
import iconv from 'iconv-lite';

export default {
  encode: (text: string): Buffer => iconv.encode(text, 'gb18030'),
};
