// Data loader: prints customers.json from the publish directory (see ./publish-file.js).
import { printPublished } from './publish-file.js';

printPublished('customers.json');
