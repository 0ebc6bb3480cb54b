// Data loader: prints model.json from the publish directory (see ./publish-file.js).
import { printPublished } from './publish-file.js';

printPublished('model.json');
