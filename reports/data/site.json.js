// Data loader: prints site.json from the publish directory (see ./publish-file.js).
import { printPublished } from './publish-file.js';

printPublished('site.json');
